package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.term.PipedTerminal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a server sends, nothing the CLI prints can drive the terminal. */
class TerminalInjectionTest {

    @TempDir
    Path config;

    private HostileServer server;
    private Cli cli;

    @BeforeEach
    void start() throws InterruptedException {
        server = new HostileServer();
        cli = new Cli(config);
        Cli.Result login =
                cli.runWithInput("pw\n", "login", "--server", server.url(), "--user", "ana", "--password-stdin");
        assertThat(login.exitCode()).as(login.err()).isZero();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tail_prints_control_sequences_as_visible_text() {
        Cli.Result tail = cli.run("tail", "general", "--count", "2");

        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertNoControls(tail.out() + tail.err());
        assertThat(tail.out())
                .contains("mallory^[[5m: history ^[[2J^[]0;pwned^G<U+009B>31m")
                .contains("mallory^[[5m: live ^[[2J^[]0;pwned^G<U+009B>31m");
        assertThat(tail.err()).contains("chat: oops ^[[2J");
    }

    @Test
    void json_output_escapes_control_characters_and_keeps_the_text_exact() {
        Cli.Result tail = cli.run("tail", "general", "--count", "2", "--json");

        assertNoControls(tail.out());
        List<JsonNode> lines = tail.jsonLines();
        assertThat(lines)
                .extracting(m -> m.path("text").asText())
                .containsExactly("history " + HostileServer.PAYLOAD, "live " + HostileServer.PAYLOAD);
        assertThat(tail.out()).contains("\\u001B[2J").contains("\\u009b31m");
    }

    @Test
    void history_rooms_and_errors_print_control_sequences_as_visible_text() {
        Cli.Result history = cli.run("history", "general");
        Cli.Result rooms = cli.run("rooms");
        Cli.Result error = cli.run("history", "elsewhere");

        assertNoControls(history.out() + rooms.out() + error.err());
        assertThat(history.out()).contains("history ^[[2J");
        assertThat(rooms.out()).contains("topic ^[[2J");
        assertThat(error.err()).isEqualTo("chat: No ^[[2J^[]0;pwned^G<U+009B>31m\n");
    }

    @Test
    void the_terminal_chat_shows_the_payload_inert() throws Exception {
        try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            String screen = ana.await("live ^[[2J^[]0;pwned^G<U+009B>31m");

            assertThat(screen)
                    .contains("mallory^[[5m: history ^[[2J")
                    .contains("mallory^[[5m is typing…")
                    .contains("oops ^[[2J");
            for (byte b : ana.bytes()) {
                assertThat(b).as("a raw ESC or BEL byte on the terminal").isNotIn((byte) 0x1b, (byte) 0x07);
            }
            assertNoControls(screen.replace("\r", "").replace("\n", ""));
        }
    }

    /** No C0 control but newline, no DEL, no C1 control. */
    private static void assertNoControls(String text) {
        text.chars()
                .forEach(c -> assertThat(c == '\n' || (c >= 0x20 && c < 0x7f) || c > 0x9f)
                        .as("control character U+%04X in:\n%s", c, text)
                        .isTrue());
    }
}
