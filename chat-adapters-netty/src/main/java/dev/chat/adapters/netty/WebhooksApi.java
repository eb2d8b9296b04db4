package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.domain.WebhookId;
import dev.chat.core.port.in.Webhooks;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A room's webhooks, and the incoming webhooks' secret URLs: see docs/protocol.md, "Webhooks". */
final class WebhooksApi {

    private final ChatApi api;

    WebhooksApi(ChatApi api) {
        this.api = api;
    }

    /** {@code GET /api/rooms/{room}/webhooks}: {@code {"room", "webhooks": [...]}}, oldest first, never a secret. */
    FullHttpResponse list(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        RoomName name = RoomName.of(room);
        ObjectNode body = Json.object().put("room", name.value());
        ArrayNode list = body.putArray("webhooks");
        api.webhooks().list(who, name).forEach(w -> list.add(webhook(w)));
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    /**
     * {@code POST /api/rooms/{room}/webhooks} with {@code {"kind", "name", "url", "trigger"}}: 201, the webhook with
     * its secret, shown this once (and an incoming one's {@code hookUrl}).
     */
    FullHttpResponse create(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        Webhooks.Request request = new Webhooks.Request(
                Webhook.Kind.ofWire(call.text("kind")),
                call.text("name"),
                call.optionalText("url"),
                call.optionalText("trigger"));
        Webhooks.Created created = api.webhooks().create(who, RoomName.of(room), request);
        ObjectNode body = webhook(created.about());
        body.put("secret", created.secret());
        if (created.about().kind() == Webhook.Kind.INCOMING) {
            body.put("hookUrl", "/api/hooks/" + created.about().id() + "/" + created.secret());
        }
        return HttpResponses.json(HttpResponseStatus.CREATED, body);
    }

    /** {@code DELETE /api/rooms/{room}/webhooks/{id}}: 204. */
    FullHttpResponse delete(HttpCall call, String room, String id) {
        api.webhooks().delete(call.principal(api.accounts()), RoomName.of(room), WebhookId.of(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** {@code GET /api/rooms/{room}/webhooks/{id}/log}: {@code {"attempts": [...]}}, newest first. */
    FullHttpResponse log(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("attempts");
        for (WebhookAttempt attempt : api.webhooks().log(who, RoomName.of(room), WebhookId.of(id))) {
            ObjectNode node = list.addObject()
                    .put("at", attempt.at().toString())
                    .put("messageId", attempt.messageId())
                    .put("attempt", attempt.attempt())
                    .put("status", attempt.status())
                    .put("millis", attempt.millis());
            if (attempt.error() == null) {
                node.putNull("error");
            } else {
                node.put("error", attempt.error());
            }
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    /**
     * {@code POST /api/hooks/{id}/{secret}} with {@code {"text", "username"}}, no other credential: 201 {@code
     * {"room", "id", "duplicate": false}}, or 200 and {@code "duplicate": true} for an {@code Idempotency-Key} seen
     * before.
     */
    FullHttpResponse receive(HttpCall call, String id, String secret) {
        Webhooks.Received received = api.webhooks()
                .receive(
                        WebhookId.of(id),
                        secret,
                        MessageText.of(call.text("text")),
                        call.optionalText("username"),
                        call.idempotencyKey);
        return HttpResponses.json(
                received.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
                Json.object()
                        .put("room", received.room().value())
                        .put("id", received.id())
                        .put("duplicate", received.duplicate()));
    }

    static ObjectNode webhook(Webhook webhook) {
        ObjectNode node = Json.object()
                .put("id", webhook.id())
                .put("room", webhook.room().value())
                .put("kind", webhook.kind().wire())
                .put("bot", webhook.bot().value())
                .put("createdBy", webhook.createdBy().value())
                .put("createdAt", webhook.createdAt().toString());
        if (webhook.kind() == Webhook.Kind.OUTGOING) {
            node.put("url", webhook.url().toString());
            if (webhook.trigger() == null) {
                node.putNull("trigger");
            } else {
                node.put("trigger", webhook.trigger());
            }
        }
        return node;
    }
}
