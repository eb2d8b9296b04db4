package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.PasswordReset;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** What only admins may ask: the users, bans, reset links and the deployment's figures. */
final class AdminApi {

    private final ChatApi api;
    private final ServerSettings settings;

    AdminApi(ChatApi api, ServerSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    FullHttpResponse users(HttpCall call) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("users");
        for (Admin.UserSummary user : api.admin().users(call.principal(api.accounts()))) {
            list.addObject()
                    .put("username", user.user().value())
                    .put("createdAt", user.createdAt().toString())
                    .put("banned", user.banned())
                    .put("admin", user.admin())
                    .put("bot", user.bot());
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse ban(HttpCall call, String user, boolean banned) {
        Principal who = call.principal(api.accounts());
        Username target = Username.of(user);
        if (banned) {
            api.admin().ban(who, target);
        } else {
            api.admin().unban(who, target);
        }
        return HttpResponses.json(
                HttpResponseStatus.OK,
                Json.object().put("username", target.value()).put("banned", banned));
    }

    /** A one-time reset, with a link into this server's page (its public URL, or the host the admin asked). */
    FullHttpResponse issueReset(HttpCall call, String user) {
        Principal who = call.principal(api.accounts());
        PasswordReset reset = api.admin().issueReset(who, Username.of(user));
        String base = settings.publicUrl()
                .map(url -> url.toString().replaceAll("/+$", ""))
                .orElseGet(
                        () -> (call.secure ? "https://" : "http://") + (call.host == null ? "localhost" : call.host));
        return HttpResponses.json(
                HttpResponseStatus.OK,
                Json.object()
                        .put("username", reset.user().value())
                        .put("token", reset.token())
                        .put("expiresAt", reset.expiresAt().toString())
                        .put("link", base + "/#reset=" + reset.token()));
    }

    FullHttpResponse stats(HttpCall call) {
        Admin.Stats stats = api.admin().stats(call.principal(api.accounts()));
        ObjectNode body = Json.object()
                .put("onlineUsers", stats.onlineUsers())
                .put("messagesPerMinute", stats.messagesLastMinute());
        ArrayNode nodes = body.putArray("nodes");
        stats.nodes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(node -> nodes.addObject()
                        .put("node", node.getKey())
                        .put("connections", node.getValue().connections())
                        .put("onlineUsers", node.getValue().onlineUsers())
                        .put("messagesPerMinute", node.getValue().messagesLastMinute()));
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }
}
