package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of an outgoing webhook to hand a message to its receiver, as its delivery log shows it.
 *
 * @param messageId the message sent (its id in the room)
 * @param attempt 1 for the first try of this message, 2 for the first retry, …
 * @param status the receiver's HTTP status, or 0 when there was no answer (refused, timed out, unreachable)
 * @param error what went wrong, in a sentence, or null when the receiver took it (2xx)
 * @param millis how long the attempt took
 */
public record WebhookAttempt(Instant at, long messageId, int attempt, int status, String error, long millis) {

    public WebhookAttempt {
        Objects.requireNonNull(at, "at");
    }

    /** Whether the receiver took the message. */
    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
