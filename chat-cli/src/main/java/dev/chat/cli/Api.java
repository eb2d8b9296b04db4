package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The server's HTTP API as JSON in, JSON out. Every failure becomes a {@link CliException} whose message
 * says in one line what went wrong: the server cannot be reached, the session has ended, or what the
 * server answered.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The most pages of rooms {@link #rooms()} reads: 100 rooms each. */
    static final int MAX_ROOM_PAGES = 100;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String server;
    private final String token;

    /** {@code token} may be null for the calls that need no session (login). */
    public Api(HttpClient http, String server, String token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    /** HTTP/1.1 (the server does not speak HTTP/2), with a connect timeout. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public String server() {
        return server;
    }

    public HttpClient http() {
        return http;
    }

    public JsonNode get(String path) {
        return call("GET", path, null);
    }

    /**
     * Every room, as {@code {"rooms": [...]}}: the server lists them a page at a time, and this follows the pages
     * (up to {@value #MAX_ROOM_PAGES} of them).
     */
    public JsonNode rooms() {
        ObjectNode all = JSON.createObjectNode();
        ArrayNode rooms = all.putArray("rooms");
        String after = null;
        for (int page = 0; page < MAX_ROOM_PAGES; page++) {
            JsonNode answer = get("/api/rooms" + (after == null ? "" : "?after=" + segment(after)));
            answer.path("rooms").forEach(rooms::add);
            if (!answer.path("more").asBoolean(false) || rooms.isEmpty()) {
                break;
            }
            after = rooms.get(rooms.size() - 1).path("name").asText();
        }
        return all;
    }

    public JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    public JsonNode patch(String path, JsonNode body) {
        return call("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return call("DELETE", path, null);
    }

    /** A path segment made safe for a URL (room and user names normally need nothing). */
    public static String segment(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
        return answer(response.statusCode(), response.body());
    }

    private JsonNode answer(int status, String body) {
        JsonNode json = null;
        if (body != null && !body.isEmpty()) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        if (status >= 200 && status < 300) {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            if (json == null) {
                throw CliException.failure(server + " answered something that is not JSON; is it a chat server?");
            }
            return json;
        }
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            throw CliException.server(
                    status, "http_" + status, server + " answered HTTP " + status + "; is it a chat server?");
        }
        String code = error.path("code").asText("http_" + status);
        String message = Text.neutralise(error.path("message").asText("HTTP " + status));
        if (status == 401 && code.equals("unauthorized")) {
            throw CliException.server(status, code, token == null ? signInFirst(server) : sessionEnded(server));
        }
        throw CliException.server(status, code, message);
    }

    public static String signInFirst(String server) {
        return "sign in first: chat login --server " + server;
    }

    public static String sessionEnded(String server) {
        return "your session has ended; sign in again: chat login --server " + server;
    }

    /** "cannot reach URL: why", for any way a connection can fail. */
    public static CliException unreachable(String server, Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            return CliException.failure(server + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } else if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class)) {
            why = "unknown host";
        } else if (causedBy(e, SSLException.class)) {
            why = "TLS failed: " + t.getMessage();
        } else if (e instanceof ConnectException || causedBy(e, ConnectException.class)) {
            why = "connection refused";
        } else {
            why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        return CliException.failure("cannot reach " + server + ": " + why, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
