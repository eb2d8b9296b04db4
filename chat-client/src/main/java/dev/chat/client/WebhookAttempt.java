package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One attempt of an outgoing webhook to deliver a message: when, which message, the how-manieth try, the receiver's
 * HTTP status ({@code 0}: no answer), why it was not taken ({@code error}; null when it was) and how long it took.
 */
public record WebhookAttempt(Instant at, long messageId, int attempt, int status, String error, long millis) {

    /** Reads one entry of the protocol's webhook log, tolerating fields it does not know. */
    public static WebhookAttempt from(JsonNode node) {
        return new WebhookAttempt(
                Message.instant(node.path("at")),
                node.path("messageId").asLong(),
                node.path("attempt").asInt(),
                node.path("status").asInt(),
                Webhook.optionalText(node.path("error")),
                node.path("millis").asLong());
    }

    public boolean taken() {
        return error == null;
    }
}
