package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The HTTP exchanges of {@link ChatApi}: JSON in, JSON out, and every failure a {@link ClientException}. */
final class HttpCalls {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String server;
    private final String token;

    HttpCalls(HttpClient http, String server, String token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    JsonNode call(String method, String path, JsonNode body) {
        return call(method, path, body, Map.of());
    }

    /** {@link #call(String, String, JsonNode)} with more request headers, such as {@code Idempotency-Key}. */
    JsonNode call(String method, String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            if (e instanceof java.net.http.HttpConnectTimeoutException) {
                throw ClientException.unreachable(server, e);
            }
            throw new ClientException(
                    ClientException.Kind.TIMEOUT,
                    server,
                    0,
                    null,
                    server + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s",
                    e);
        } catch (IOException e) {
            throw ClientException.unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientException.interrupted(server);
        }
        return answer(response.statusCode(), response.body());
    }

    private JsonNode answer(int status, String body) {
        JsonNode json = null;
        if (body != null && !body.isEmpty()) {
            try {
                json = ChatApi.JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        if (status >= 200 && status < 300) {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            if (json == null) {
                throw ClientException.of(
                        ClientException.Kind.NOT_A_CHAT_SERVER,
                        server,
                        server + " answered something that is not JSON; is it a chat server?");
            }
            return json;
        }
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            throw new ClientException(
                    ClientException.Kind.NOT_A_CHAT_SERVER,
                    server,
                    status,
                    "http_" + status,
                    server + " answered HTTP " + status + "; is it a chat server?",
                    null);
        }
        String code = error.path("code").asText("http_" + status);
        String message = error.path("message").asText("HTTP " + status);
        ClientException.Kind kind = ClientException.Kind.REFUSED;
        if (status == 401 && code.equals("unauthorized")) {
            kind = token == null ? ClientException.Kind.NOT_SIGNED_IN : ClientException.Kind.SESSION_ENDED;
        }
        throw new ClientException(kind, server, status, code, message, null);
    }
}
