package dev.chat.core.port.out;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Makes an outgoing webhook's HTTP requests. Never follows a redirect; never blocks the caller. */
public interface WebhookCaller {

    /** A JSON body to POST to {@code url} with these headers, given up after {@code timeout}. */
    record Call(URI url, byte[] body, Map<String, String> headers, Duration timeout) {
        public Call {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The receiver's answer: its status, and the string {@code text} of its body when the body is a JSON object that
     * has one (else null).
     */
    record Answer(int status, String text) {}

    /** No caller: a core without one refuses to make outgoing webhooks. */
    WebhookCaller NONE =
            call -> CompletableFuture.failedFuture(new IllegalStateException("This server makes no requests."));

    /** Sends the call; the future fails (with a readable message) when there was no answer. */
    CompletableFuture<Answer> post(Call call);
}
