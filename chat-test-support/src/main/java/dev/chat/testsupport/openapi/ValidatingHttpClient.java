package dev.chat.testsupport.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that checks every exchange it makes against the server's OpenAPI description
 * ({@link OpenApiContract}): a test's HTTP client wrapped once ({@link #wrap}) has all its calls checked without a
 * change to the test. An exchange that does not match fails the call with an {@link AssertionError} that says why,
 * and is also recorded in {@link OpenApiViolations}, so one made on another thread fails the test too.
 */
public final class ValidatingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final OpenApiContract contract;

    private ValidatingHttpClient(HttpClient delegate, OpenApiContract contract) {
        this.delegate = delegate;
        this.contract = contract;
    }

    /** {@code client}, its exchanges checked against the description on the class path. */
    public static HttpClient wrap(HttpClient client) {
        return client instanceof ValidatingHttpClient
                ? client
                : new ValidatingHttpClient(client, OpenApiContract.chat());
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Copy copy = new Copy();
        HttpResponse<T> response = delegate.send(request, copy.tee(handler));
        check(request, response, copy);
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Copy copy = new Copy();
        return delegate.sendAsync(request, copy.tee(handler)).thenApply(response -> {
            check(request, response, copy);
            return response;
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        Copy copy = new Copy();
        return delegate.sendAsync(request, copy.tee(handler), pushPromiseHandler)
                .thenApply(response -> {
                    check(request, response, copy);
                    return response;
                });
    }

    private void check(HttpRequest request, HttpResponse<?> response, Copy copy) {
        HttpExchange exchange = new HttpExchange(
                request.method(),
                request.uri(),
                request.headers().map(),
                requestBody(request),
                response.statusCode(),
                response.headers().map(),
                copy.text());
        List<String> problems = contract.check(exchange);
        if (!problems.isEmpty()) {
            String message = OpenApiContract.describe(exchange, problems);
            OpenApiViolations.record(message);
            throw new AssertionError(message);
        }
    }

    /** The request's body as text, or null when it cannot be read back at once. */
    private static String requestBody(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty()) {
            return "";
        }
        if (publisher.get().contentLength() == 0) {
            return "";
        }
        Collect body = new Collect();
        publisher.get().subscribe(body);
        try {
            return body.text.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer item) {
        ByteBuffer view = item.duplicate();
        byte[] chunk = new byte[view.remaining()];
        view.get(chunk);
        out.write(chunk, 0, chunk.length);
    }

    /** A request body, read again from its publisher (which publishes it again to each subscriber). */
    private static final class Collect implements Flow.Subscriber<ByteBuffer> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<String> text = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(ByteBuffer item) {
            append(bytes, item);
        }

        @Override
        public void onError(Throwable throwable) {
            text.complete(null);
        }

        @Override
        public synchronized void onComplete() {
            text.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** A copy of a response body, taken as the test's own body handler reads it. */
    private static final class Copy {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean complete;

        <T> HttpResponse.BodyHandler<T> tee(HttpResponse.BodyHandler<T> handler) {
            return info -> new Tee<>(handler.apply(info), this);
        }

        synchronized void add(List<ByteBuffer> items) {
            items.forEach(item -> append(bytes, item));
        }

        synchronized void complete() {
            complete = true;
        }

        /** The whole body, or null when the test's handler has not read it all yet (a stream). */
        synchronized String text() {
            return complete ? bytes.toString(StandardCharsets.UTF_8) : null;
        }
    }

    private static final class Tee<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> delegate;
        private final Copy copy;

        Tee(HttpResponse.BodySubscriber<T> delegate, Copy copy) {
            this.delegate = delegate;
            this.copy = copy;
        }

        @Override
        public CompletionStage<T> getBody() {
            return delegate.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            copy.add(item);
            delegate.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            delegate.onError(throwable);
        }

        @Override
        public void onComplete() {
            copy.complete();
            delegate.onComplete();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }
}
