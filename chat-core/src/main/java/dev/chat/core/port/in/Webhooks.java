package dev.chat.core.port.in;

import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.domain.WebhookId;
import java.util.List;

/**
 * A room's webhooks, made and removed by its owner (or an admin). Each speaks as a bot account of its own, made with
 * it and added to the room. An incoming webhook posts what a program sends to its secret URL, within the bot's rate
 * limit, once per {@code Idempotency-Key}. An outgoing webhook sends the room's new messages (or those starting with
 * its trigger word) to its URL, signed (see {@link dev.chat.core.domain.WebhookSignature}), in order, at least once:
 * retried with growing pauses, never holding up delivery to people; a {@code {"text": …}} answer is posted as its bot.
 * A URL whose host is a private, loopback or link-local address is refused unless the server allows it.
 */
public interface Webhooks {

    /** The most webhooks one room may have. */
    int MOST_PER_ROOM = 10;

    /** What a new webhook is: its kind, its bot's name, and for an outgoing one its URL and trigger word (or null). */
    record Request(Webhook.Kind kind, String name, String url, String trigger) {}

    /**
     * A new webhook: what is stored about it, and its secret, shown once: for an incoming webhook the last part of its
     * URL ({@code /api/hooks/{id}/{secret}}), for an outgoing one the key its requests are signed with.
     */
    record Created(Webhook about, String secret) {
        @Override
        public String toString() {
            return "Created[" + about + "]";
        }
    }

    /** What an incoming webhook stored: the message's id, and whether an earlier request with its key stored it. */
    record Received(RoomName room, long id, boolean duplicate) {}

    /**
     * Makes a webhook and its bot (owner or admin): {@code no_such_room}, {@code forbidden}, {@code name_taken} for
     * the bot's name, {@code webhook_url_refused} for a URL that is not HTTPS or reaches a private address, {@code
     * too_many_webhooks} past {@link #MOST_PER_ROOM}.
     */
    Created create(Principal who, RoomName room, Request request);

    /** The room's webhooks, oldest first (owner or admin; never their secrets). */
    List<Webhook> list(Principal who, RoomName room);

    /** Removes a webhook (owner or admin); its bot stays, with what it wrote. {@code no_such_webhook}. */
    void delete(Principal who, RoomName room, WebhookId id);

    /** An outgoing webhook's latest delivery attempts, newest first (owner or admin). */
    List<WebhookAttempt> log(Principal who, RoomName room, WebhookId id);

    /**
     * Posts what a program sent to an incoming webhook's URL, as its bot: {@code username}, when given, is shown
     * beside the bot's name ("via webhook"). The same {@code idempotencyKey} (or null) stores the message once.
     * {@code no_such_webhook} for an unknown id or a wrong secret alike; the message's own errors as a post's.
     */
    Received receive(WebhookId id, String secret, MessageText text, String username, String idempotencyKey);
}
