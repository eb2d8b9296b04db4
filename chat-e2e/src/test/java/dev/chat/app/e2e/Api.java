package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP API as a non-browser client uses it. */
final class Api {

    /** Every exchange checked against the OpenAPI description: a test whose exchange does not match it fails. */
    private static final HttpClient HTTP = ValidatingHttpClient.wrap(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

    private final int port;
    /** The client address a trusted proxy would name in {@code X-Forwarded-For}, or null. */
    private final String forwardedFor;

    Api(int port) {
        this(port, null);
    }

    private Api(int port, String forwardedFor) {
        this.port = port;
        this.forwardedFor = forwardedFor;
    }

    /**
     * The same API as a client at {@code address} behind a proxy: every request says {@code X-Forwarded-For:
     * address}. Only a server that trusts loopback as a proxy ({@code --trusted-proxies 127.0.0.1}) believes it.
     */
    Api from(String address) {
        return new Api(port, address);
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {}

    Response post(String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A POST with no credential but an {@code Idempotency-Key} header (when not null): an incoming webhook's. */
    Response postKeyed(String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** Any method, with an optional JSON body. */
    Response request(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Registers and signs in; returns the bearer token. */
    String signUp(String user, String password) {
        Response registered = post("/api/register", credentials(user, password), null);
        if (registered.status() != 201) {
            throw new AssertionError("register " + user + ": " + registered.status() + " " + registered.body());
        }
        return login(user, password);
    }

    String login(String user, String password) {
        Response login = post("/api/login", credentials(user, password), null);
        if (login.status() != 200) {
            throw new AssertionError("login " + user + ": " + login.status() + " " + login.body());
        }
        return login.body().get("token").asText();
    }

    static String credentials(String user, String password) {
        return WsClient.JSON
                .createObjectNode()
                .put("username", user)
                .put("password", password)
                .toString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Response send(HttpRequest request) {
        if (forwardedFor != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("X-Forwarded-For", forwardedFor)
                    .build();
        }
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : WsClient.JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
