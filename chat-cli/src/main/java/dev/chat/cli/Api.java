package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.client.ChatApi;
import dev.chat.client.ClientException;
import java.net.http.HttpClient;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server's HTTP API for a command: the client library's {@link ChatApi}, whose every failure becomes a
 * {@link CliException} that says in one line what went wrong and how to go on.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final ChatApi client;

    /** {@code token} may be null for the calls that need no session (login). */
    public Api(HttpClient http, String server, String token) {
        this.client = new ChatApi(http, server, token);
    }

    /** The same API as the client library sees it, for a live connection. */
    public ChatApi client() {
        return client;
    }

    public String server() {
        return client.server();
    }

    public JsonNode get(String path) {
        return call(() -> client.get(path));
    }

    /** Every room the user may see, as {@code {"rooms": [...]}} the way the server sent them, following its pages. */
    public JsonNode rooms() {
        return call(client::rooms);
    }

    public JsonNode post(String path, JsonNode body) {
        return call(() -> client.post(path, body));
    }

    public JsonNode patch(String path, JsonNode body) {
        return call(() -> client.patch(path, body));
    }

    public JsonNode delete(String path) {
        return call(() -> client.delete(path));
    }

    /** A path segment made safe for a URL (room and user names normally need nothing). */
    public static String segment(String value) {
        return ChatApi.segment(value);
    }

    public static String signInFirst(String server) {
        return "sign in first: chat login --server " + server;
    }

    public static String sessionEnded(String server) {
        return "your session has ended; sign in again: chat login --server " + server;
    }

    /** Any call of the client library's API, its failure as a {@link CliException}. */
    public <T> T call(Function<ChatApi, T> request) {
        return call(() -> request.apply(client));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ClientException e) {
            throw CliException.of(e);
        }
    }
}
