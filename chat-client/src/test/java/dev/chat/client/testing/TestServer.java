package dev.chat.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.client.ChatApi;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real chat server in this JVM on a free loopback port, with a SQLite folder of the test's; restartable. */
public final class TestServer implements AutoCloseable {

    public static final String PASSWORD = "correct horse";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every exchange of these tests is checked against the server's OpenAPI description (see {@link #api}). */
    private static final HttpClient HTTP = ValidatingHttpClient.wrap(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build());

    private static final HttpClient API_HTTP = ValidatingHttpClient.wrap(ChatApi.newHttpClient());

    private final Path dataDir;
    private final List<String> extra;
    private ChatApplication app;
    private int port;

    private TestServer(Path dataDir, List<String> extra) {
        this.dataDir = dataDir;
        this.extra = extra;
    }

    /** {@code --admins admin}, no rate limit and password hashes at a test's cost unless {@code extra} sets them. */
    public static TestServer start(Path dataDir, String... extra) {
        TestServer server = new TestServer(dataDir, List.of(extra));
        server.launch(0);
        return server;
    }

    private void launch(int onPort) {
        List<String> args = new ArrayList<>(List.of(
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(onPort),
                "--data-dir",
                dataDir.toString(),
                "--shutdown-grace",
                "2s",
                "--admins",
                "admin",
                "--rate-limit",
                "0",
                // Password hashes at a test's cost (about 1 ms, not 80-170): these tests sign in hundreds of times.
                "--argon2-memory",
                "64",
                "--argon2-passes",
                "1"));
        args.addAll(extra);
        try {
            app = ChatApplication.start(Config.load(args.toArray(String[]::new), Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        port = app.port();
    }

    /**
     * The client API of the server at {@code url} (this one's, or a proxy's in front of it), as {@code new
     * ChatApi(url)} but with every exchange checked against the OpenAPI description: a response that does not match
     * it fails the test.
     */
    public static ChatApi api(String url) {
        return new ChatApi(API_HTTP, url, null);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server (its sockets close with 1001) without starting it again. */
    public void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Starts it again on the same port and data: a restarted deployment, as clients see it. */
    public void startAgain() {
        launch(port);
    }

    /** Registers the user (password {@link #PASSWORD}) and returns a session token. */
    public String signUp(String user) {
        if (user.equals("admin")) {
            // The admin list's names are the operator's to create, on the server.
            app.core().operators().createAccount(Username.of(user), new Password(PASSWORD));
            return login(user);
        }
        JsonNode registered =
                post("/api/register", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null);
        if (!registered.has("username")) {
            throw new AssertionError("register " + user + ": " + registered);
        }
        return login(user);
    }

    public String login(String user) {
        return post("/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null)
                .path("token")
                .asText();
    }

    public void createRoom(String token, String room) {
        post("/api/rooms", "{\"name\":\"" + room + "\"}", token);
    }

    /** Waits until the room's history holds at least {@code count} messages (15 s at the most). */
    public void awaitStored(String room, String token, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (get("/api/rooms/" + room + "/messages", token).path("messages").size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("fewer than " + count + " message(s) stored in " + room + " within 15 s");
            }
            Thread.sleep(50);
        }
    }

    /** The status of {@code GET path} with the token: whether a session still works. */
    public int status(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(url() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build())
                .statusCode();
    }

    public JsonNode get(String path, String token) {
        return parse(send(HttpRequest.newBuilder(URI.create(url() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build())
                .body());
    }

    public JsonNode post(String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return parse(send(request.build()).body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
