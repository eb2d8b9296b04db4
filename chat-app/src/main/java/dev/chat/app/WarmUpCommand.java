package dev.chat.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=chat-app.jsa -jar chat-app.jar warm-up}: starts a server on a free loopback
 * port with a throwaway SQLite store and its management listener, goes through what every server does first (the
 * page, a sign-up and sign-in, a WebSocket that joins, posts and is acknowledged, the history, a scrape of
 * {@code /metrics}), stops it and exits. Run so, the JVM then writes the classes it loaded to a class-data archive,
 * which later servers map instead of loading and verifying the same classes again ({@code
 * -XX:SharedArchiveFile=chat-app.jsa}): docs/performance.md, "Start-up and footprint", has the figures. The
 * archive holds to the jar and the JDK that made it; the JVM ignores one that does not match (with a warning).
 * Its options are none: the environment ({@code CHAT_*}) is not read either, so an image's settings change nothing.
 */
final class WarmUpCommand {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private WarmUpCommand() {}

    /** Returns the exit code: 0 once the server went through it all and stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("chat: warm-up takes no options.\nUsage: java -XX:ArchiveClassesAtExit=FILE -jar chat-app.jar "
                    + "warm-up");
            return 2;
        }
        Path data;
        try {
            data = Files.createTempDirectory("chat-warm-up-");
        } catch (IOException e) {
            err.println("chat: warm-up cannot make a temporary folder: " + e.getMessage());
            return 1;
        }
        try {
            Config config = Config.load(
                    new String[] {
                        "--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--management-port", "0"
                    },
                    Map.of());
            config.logFormat().apply();
            ChatApplication app = ChatApplication.start(config);
            try {
                exercise(app);
            } finally {
                app.close();
            }
            out.println(
                    "Warmed up: a server started, served a page, a sign-up, a WebSocket and a scrape, and stopped.");
            return 0;
        } catch (Exception e) {
            err.println("chat: warm-up failed: " + e);
            return 1;
        } finally {
            deleteQuietly(data);
        }
    }

    private static void exercise(ChatApplication app) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        String base = "http://127.0.0.1:" + app.port();
        expect(http, HttpRequest.newBuilder(URI.create(base + "/")).GET(), 200);
        String credentials = "{\"username\": \"warm-up\", \"password\": \"warm-up-password\"}";
        expect(http, post(base + "/api/register", credentials), 201);
        Matcher token = TOKEN.matcher(expect(http, post(base + "/api/login", credentials), 200));
        if (!token.find()) {
            throw new IllegalStateException("the sign-in answered no token");
        }
        String bearer = "Bearer " + token.group(1);

        CompletableFuture<Void> acked = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", bearer)
                .connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            if (text.indexOf("\"type\":\"ack\"") >= 0) {
                                acked.complete(null);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("{\"type\": \"join\", \"room\": \"general\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText(
                        "{\"type\": \"send\", \"room\": \"general\", \"text\": \"warm\", \"clientId\": \"warm-up-1\"}",
                        true)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        acked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        expect(
                http,
                HttpRequest.newBuilder(URI.create(base + "/api/rooms/general/messages"))
                        .header("Authorization", bearer)
                        .GET(),
                200);
        int management = app.managementPort().orElseThrow();
        expect(
                http,
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics"))
                        .GET(),
                200);
    }

    private static HttpRequest.Builder post(String uri, String json) {
        return HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String expect(HttpClient http, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                            + ", not " + status + ": " + response.body());
        }
        return response.body();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("chat: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
