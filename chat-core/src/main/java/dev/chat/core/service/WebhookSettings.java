package dev.chat.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How outgoing webhooks are sent.
 *
 * @param allowPrivateTargets whether URLs may be plain HTTP and reach loopback, private and link-local addresses
 *                            (for receivers on the server's own network; off by default: see SSRF)
 * @param firstRetry the pause before the first retry of a message; each further one doubles it
 * @param longestPause the longest pause between two tries
 * @param giveUpAfter how long a message is retried before it is given up
 * @param timeout how long one request may take
 */
public record WebhookSettings(
        boolean allowPrivateTargets,
        Duration firstRetry,
        Duration longestPause,
        Duration giveUpAfter,
        Duration timeout) {

    public WebhookSettings {
        for (Duration d : new Duration[] {firstRetry, longestPause, giveUpAfter, timeout}) {
            if (Objects.requireNonNull(d, "a duration").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("webhook durations must be positive: " + d);
            }
        }
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(
                false, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofSeconds(10));
    }

    public WebhookSettings allowingPrivateTargets(boolean allow) {
        return new WebhookSettings(allow, firstRetry, longestPause, giveUpAfter, timeout);
    }

    public WebhookSettings withFirstRetry(Duration pause) {
        return new WebhookSettings(allowPrivateTargets, pause, longestPause, giveUpAfter, timeout);
    }

    /** The pause after the {@code tries}-th failed try of a message (1 for the first). */
    Duration pauseAfter(int tries) {
        long millis = firstRetry.toMillis() << Math.min(tries - 1, 30);
        return millis <= 0 || millis > longestPause.toMillis() ? longestPause : Duration.ofMillis(millis);
    }
}
