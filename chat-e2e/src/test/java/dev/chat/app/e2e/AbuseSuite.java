package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the abuse suites share: a server under attack, and two bystanders in {@code general}, alice and bruno,
 * who must go on talking whatever is tried. The sockets a test opens through {@link #connect} close with the
 * server after it.
 */
abstract class AbuseSuite {

    @TempDir
    Path data;

    ChatApplication app;
    Api api;
    WsClient alice;
    WsClient bruno;
    private final List<AutoCloseable> open = new ArrayList<>();
    private int said;

    /** The options every server of the suite starts with, before a test's own. */
    abstract List<String> suiteOptions();

    @BeforeEach
    void start() {
        startWith(data);
    }

    /** A server on {@code dataDir} with the suite's options and {@code extra}, and the bystanders in it. */
    void startWith(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(suiteOptions());
        args.addAll(List.of(extra));
        use(Servers.start(dataDir, args.toArray(String[]::new)), true);
    }

    /** Replaces the server by one with {@code extra} options, on fresh data, with fresh bystanders. */
    void restartWith(String... extra) throws Exception {
        stop();
        startWith(data.resolve("restarted-" + System.nanoTime()), extra);
    }

    /** {@code started} becomes the server under attack; alice and bruno sign up (or, on data that has them, in). */
    void use(ChatApplication started, boolean signUp) {
        app = started;
        api = new Api(started.port());
        alice = connect(signUp ? api.signUp("alice", "alice-password") : api.login("alice", "alice-password"));
        alice.join("general");
        bruno = connect(signUp ? api.signUp("bruno", "bruno-password") : api.login("bruno", "bruno-password"));
        bruno.join("general");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        if (app != null) {
            app.close();
            app = null;
        }
    }

    WsClient connect(String token) {
        return connect(token, null);
    }

    /** A WebSocket of a client at {@code address} (through a trusted proxy), or at loopback when null. */
    WsClient connect(String token, String address) {
        return closesWithIt(WsClient.connect(app.port(), token, null, address));
    }

    <T extends AutoCloseable> T closesWithIt(T resource) {
        open.add(resource);
        return resource;
    }

    /** The bystanders still chat: a message from one reaches the other, and neither was cut off. */
    void othersAreUnaffected() {
        String text = "still fine " + (++said);
        alice.send("type", "send", "room", "general", "text", text, "clientId", "b" + said);
        assertThat(alice.awaitType("ack").get("clientId").asText()).isEqualTo("b" + said);
        bruno.await(f -> "message".equals(f.path("type").asText())
                && text.equals(f.path("text").asText()));
        assertThat(alice.closeCode).isNotDone();
        assertThat(bruno.closeCode).isNotDone();
    }

    /** "status code", as {@code 429 throttled}. */
    static String error(Api.Response response) {
        return response.status() + " "
                + response.body().path("error").path("code").asText();
    }
}
