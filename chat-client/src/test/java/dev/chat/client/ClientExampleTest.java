package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.bot.HelloBot;
import dev.chat.client.testing.TestServer;
import dev.chat.testsupport.DocBlocks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the client example of {@code docs/embedding.md} ("A client in your JVM program") against a real server, and
 * checks that the document shows exactly the code run here and exactly what it prints.
 */
@Timeout(60)
class ClientExampleTest {

    private static final Path DOC = Path.of("../docs/embedding.md");
    private static final Path SOURCE = Path.of("src/test/java/com/example/bot/HelloBot.java");

    @TempDir
    Path data;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_example_says_hello_sees_it_come_back_and_reads_it_in_the_history() throws Exception {
        assertThat(run())
                .containsExactly(
                        "joined general, online: [ana]",
                        "stored as #1",
                        "live #1 ana: Hello from the JVM!",
                        "history #1 ana: Hello from the JVM!");
    }

    @Test
    void the_document_shows_what_the_example_prints() throws Exception {
        String expected = DocBlocks.block(DOC, "On a server where `ana` exists, it prints:\n\n```text");

        assertThat(String.join("\n", run())).isEqualTo(expected);
    }

    @Test
    void the_documented_listing_is_the_code_this_test_runs() throws Exception {
        String listing = DocBlocks.block(DOC, "```java client");

        assertThat(listing).contains("public final class HelloBot");
        assertThat(listing + "\n").isEqualTo(Files.readString(SOURCE));
    }

    private List<String> run() throws InterruptedException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        HelloBot.run(server.url(), "ana", TestServer.PASSWORD, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
