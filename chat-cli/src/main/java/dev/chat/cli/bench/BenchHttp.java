package dev.chat.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few HTTP calls a run needs before it connects: accounts, guests, rooms, and signing out at the end. */
final class BenchHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    BenchHttp(URI server) {
        this.server = server;
    }

    /** Registers the user if the name is free, then signs in; returns the bearer token. */
    String signIn(String username, String password) throws BenchException {
        Map<String, String> credentials = Map.of("username", username, "password", password);
        Answer registered = post("/api/register", null, credentials);
        if (registered.status != 201 && registered.status != 409) {
            throw registered.failure("register " + username);
        }
        Answer login = post("/api/login", null, credentials);
        if (login.status != 200) {
            throw login.failure(
                    registered.status == 409
                            ? "sign in as " + username
                                    + " (the name was taken: pass its --password, or another --user-prefix)"
                            : "sign in as " + username);
        }
        return login.body.path("token").asText();
    }

    String guest() throws BenchException {
        Answer answer = post("/api/guest", null, null);
        if (answer.status != 200) {
            throw answer.failure("sign in as a guest");
        }
        return answer.body.path("token").asText();
    }

    /** Creates the room unless it exists; a guest cannot create rooms, so then it must exist already. */
    void ensureRoom(String token, String room) throws BenchException {
        Answer created = post("/api/rooms", token, Map.of("name", room));
        if (created.status == 201 || created.status == 409) {
            return;
        }
        if (created.status == 403) {
            // A guest may not create it; it is there if its history can be read.
            Answer history = send(
                    HttpRequest.newBuilder(server.resolve("/api/rooms/" + room + "/messages?limit=1"))
                            .GET(),
                    token);
            if (history.status == 200) {
                return;
            }
        }
        throw created.failure("create room " + room);
    }

    void signOut(String token) {
        try {
            post("/api/logout", token, null);
        } catch (BenchException e) {
            // Best effort: an unused session expires by itself.
        }
    }

    private Answer post(String path, String token, Object body) throws BenchException {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            return send(
                    HttpRequest.newBuilder(server.resolve(path))
                            .header("Content-Type", "application/json")
                            .POST(publisher),
                    token);
        } catch (IOException e) {
            throw new BenchException("cannot encode a request: " + e.getMessage());
        }
    }

    private Answer send(HttpRequest.Builder request, String token) throws BenchException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.timeout(Duration.ofSeconds(30));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BenchException("cannot reach " + server + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
        JsonNode json;
        try {
            json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), json);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private record Answer(int status, JsonNode body) {
        BenchException failure(String what) {
            JsonNode error = body.path("error");
            String why = error.isMissingNode()
                    ? "HTTP " + status
                    : "HTTP " + status + " " + error.path("code").asText() + ": "
                            + error.path("message").asText();
            return new BenchException("cannot " + what + ": " + why);
        }
    }
}
