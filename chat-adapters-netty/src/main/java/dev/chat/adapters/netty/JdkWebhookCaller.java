package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.core.port.out.WebhookCaller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Outgoing webhooks' requests, made with the JDK's HTTP client: HTTP/1.1 or 2, redirects never followed, an answer's
 * body read up to {@value #MOST_BODY} bytes (the rest is not waited for). The client is made for the first request
 * (the core's webhook worker makes it, never an event loop): a server no webhook is set on never reads the JDK's
 * certificate authorities or starts the client's thread.
 */
public final class JdkWebhookCaller implements WebhookCaller {

    static final int MOST_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration connectTimeout;
    private volatile HttpClient client;

    public JdkWebhookCaller(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    private HttpClient client() {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    made = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(connectTimeout)
                            .build();
                    client = made;
                }
            }
        }
        return made;
    }

    @Override
    public CompletableFuture<Answer> post(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.url())
                .timeout(call.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        return client().sendAsync(request.build(), info -> new Limited())
                .thenApply(response -> new Answer(response.statusCode(), text(response.body())));
    }

    /** The string {@code text} of a JSON object, or null. */
    static String text(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("text").isTextual()
                    ? node.get("text").asText()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a body up to {@link #MOST_BODY} bytes, then stops reading. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), MOST_BODY - bytes.size());
                byte[] chunk = new byte[n];
                item.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= MOST_BODY) {
                subscription.cancel();
                result.complete(new byte[0]); // too long to be an answer: taken, nothing posted
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
