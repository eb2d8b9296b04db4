package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.TokenId;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Tokens;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Access tokens, the caller's own and (for admins) bots' and theirs: see docs/protocol.md, "Access tokens". */
final class TokensApi {

    private final ChatApi api;

    TokensApi(ChatApi api) {
        this.api = api;
    }

    /** {@code GET /api/tokens}: {@code {"tokens": [...]}}, newest first, never a secret. */
    FullHttpResponse list(HttpCall call) {
        Principal who = call.principal(api.accounts());
        return HttpResponses.json(HttpResponseStatus.OK, listed(api.tokens().list(who)));
    }

    /**
     * {@code POST /api/tokens} with {@code {"name": "deploy", "rooms": ["ops"], "scope": "read", "expiresAt": "…"}}
     * (all but the name optional): 201, the token with its secret, shown this once.
     */
    FullHttpResponse create(HttpCall call) {
        Principal who = call.principal(api.accounts());
        return created(api.tokens().create(who, request(call)));
    }

    /** {@code DELETE /api/tokens/{id}}: 204; the token's connections close on every node. */
    FullHttpResponse revoke(HttpCall call, String id) {
        api.tokens().revoke(call.principal(api.accounts()), TokenId.of(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** {@code POST /api/admin/bots} with {@code {"username": "deploy-bot"}}: 201 {@code {"username": …, "bot": true}}. */
    FullHttpResponse createBot(HttpCall call) {
        Username bot = api.tokens().createBot(call.principal(api.accounts()), Username.of(call.text("username")));
        return HttpResponses.json(
                HttpResponseStatus.CREATED,
                Json.object().put("username", bot.value()).put("bot", true));
    }

    /** {@code GET /api/admin/bots/{bot}/tokens}. */
    FullHttpResponse listOf(HttpCall call, String bot) {
        Principal who = call.principal(api.accounts());
        return HttpResponses.json(HttpResponseStatus.OK, listed(api.tokens().listOf(who, Username.of(bot))));
    }

    /** {@code POST /api/admin/bots/{bot}/tokens}: as {@link #create}, for the bot. */
    FullHttpResponse createFor(HttpCall call, String bot) {
        Principal who = call.principal(api.accounts());
        return created(api.tokens().createFor(who, Username.of(bot), request(call)));
    }

    /** {@code DELETE /api/admin/bots/{bot}/tokens/{id}}. */
    FullHttpResponse revokeOf(HttpCall call, String bot, String id) {
        api.tokens().revokeOf(call.principal(api.accounts()), Username.of(bot), TokenId.of(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    private static Tokens.Request request(HttpCall call) {
        String name = call.text("name");
        Set<RoomName> rooms = new LinkedHashSet<>();
        if (call.has("rooms")) {
            for (String room : call.texts("rooms")) {
                rooms.add(RoomName.of(room));
            }
        }
        String scope = call.optionalText("scope");
        boolean write;
        if (scope == null || scope.equals("read_write")) {
            write = true;
        } else if (scope.equals("read")) {
            write = false;
        } else {
            throw new BadRequest("'scope' is \"read\" or \"read_write\".");
        }
        String expires = call.optionalText("expiresAt");
        Instant expiresAt;
        try {
            expiresAt = expires == null ? null : Instant.parse(expires);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'expiresAt' is an ISO-8601 instant, such as 2027-01-31T00:00:00Z.");
        }
        return new Tokens.Request(name, rooms, write, expiresAt);
    }

    private static FullHttpResponse created(Tokens.Created created) {
        ObjectNode body = token(created.about());
        body.put("token", created.token());
        return HttpResponses.json(HttpResponseStatus.CREATED, body);
    }

    private static ObjectNode listed(List<AccessToken> tokens) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("tokens");
        tokens.forEach(t -> list.add(token(t)));
        return body;
    }

    static ObjectNode token(AccessToken token) {
        ObjectNode node = Json.object()
                .put("id", token.id())
                .put("name", token.name())
                .put("owner", token.owner().value())
                .put("scope", token.write() ? "read_write" : "read")
                .put("createdAt", token.createdAt().toString());
        ArrayNode rooms = node.putArray("rooms");
        token.rooms().stream().map(RoomName::value).sorted().forEach(rooms::add);
        if (token.expiresAt() == null) {
            node.putNull("expiresAt");
        } else {
            node.put("expiresAt", token.expiresAt().toString());
        }
        if (token.lastUsed() == null) {
            node.putNull("lastUsedAt");
        } else {
            node.put("lastUsedAt", token.lastUsed().toString());
        }
        return node;
    }
}
