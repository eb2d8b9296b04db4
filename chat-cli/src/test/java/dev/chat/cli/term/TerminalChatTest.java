package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Cli;
import dev.chat.cli.Peer;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalChatTest {

    private static final String PROMPT = "#general> ";

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private String bobToken;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        bobToken = server.signUp("bob");
        new Cli(config).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_typed_message_reaches_the_room_and_a_reply_prints_above_the_prompt() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await(PROMPT);

            ana.type("hello bob\r");
            JsonNode received = bob.awaitMessage("hello bob");
            assertThat(received.path("user").asText()).isEqualTo("ana");

            bob.say("general", "hi ana");
            String screen = ana.await("bob: hi ana");
            // Printed above the prompt: the prompt comes back after the reply, ready for the next line.
            ana.await(PROMPT, PipedTerminal.count(screen.substring(0, screen.indexOf("bob: hi ana")), PROMPT) + 1);
            assertThat(ana.screen()).containsOnlyOnce("ana: hello bob");

            ana.type("/quit\r");
            assertThat(ana.awaitExit()).isZero();
        }
    }

    @Test
    void what_others_wrote_before_shows_first_and_the_chat_commands_answer() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            for (int i = 1; i <= 25; i++) {
                bob.say("general", "old " + i);
            }
            try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
                ana.await("You are in #general with bob.");
                assertThat(ana.screen()).contains("bob: old 6\n").doesNotContain("bob: old 5\n");
                assertThat(ana.screen().indexOf("bob: old 25"))
                        .isLessThan(ana.screen().indexOf("You are in"));

                ana.type("/who\r");
                ana.await("In #general: ana, bob");
                ana.type("/history 3\r");
                ana.await("bob: old 5");
                assertThat(ana.screen()).contains("bob: old 3").doesNotContain("bob: old 2\n");
                ana.type("/rooms\r");
                ana.await("general  public  member       2       0         0");
                ana.type("/join nowhere\r");
                ana.await("There is no room named 'nowhere'.");
                ana.type("/leave\r");
                ana.await("Left #general.");
                bob.await(f -> f.path("type").asText().equals("presence")
                        && f.path("state").asText().equals("offline"));
            }
        }
    }

    @Test
    void typing_is_announced_both_ways() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await("You are in #general with bob.");

            ana.type("I am wri");
            JsonNode typing = bob.await(f -> f.path("type").asText().equals("typing"));
            assertThat(typing.path("user").asText()).isEqualTo("ana");

            bob.send("type", "typing", "room", "general");
            ana.await("bob is typing…");
        }
    }

    @Test
    void a_message_typed_while_the_server_is_away_is_sent_once_when_it_is_back() throws Exception {
        try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await(PROMPT);
            server.stop();
            ana.await("Connection lost");

            ana.type("written offline\r");
            server.startAgain();

            ana.await("Reconnected.");
            ana.await("ana: written offline");
            try (Peer bob = Peer.connect(server, bobToken).join("general")) {
                bob.say("general", "welcome back");
                ana.await("bob: welcome back");
            }
            JsonNode history =
                    new Cli(config).run("history", "general", "--json").json();
            assertThat(history.path("messages"))
                    .extracting(m -> m.path("text").asText())
                    .containsExactly("written offline", "welcome back");
            assertThat(ana.screen()).containsOnlyOnce("ana: written offline");
        }
    }

    @Test
    void spoofing_characters_in_others_messages_print_as_visible_stand_ins() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await(PROMPT);

            // The server refuses control characters in texts, but lets bidirectional overrides through.
            bob.say("general", "invoice\u202Egpj.exe");

            ana.await("bob: invoice<U+202E>gpj.exe");
            assertThat(ana.screen()).doesNotContain("\u202E");
        }
    }

    @Test
    void on_a_colour_terminal_markdown_shows_styled() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana = new PipedTerminal(config, "xterm-256color", Map.of(), "room", "general")) {
            ana.await(PROMPT);

            bob.say("general", "**ready** to `ship`");

            ana.await("\u001b[1mready\u001b[0m to \u001b[36mship\u001b[0m");
        }
    }

    @Test
    void with_NO_COLOR_set_the_chat_writes_markdown_as_plain_text_without_any_colour_or_style() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana =
                        new PipedTerminal(config, "xterm-256color", Map.of("NO_COLOR", "1"), "room", "general")) {
            ana.await(PROMPT);

            bob.say("general", "**ready** to `ship`\n> _quoted_");

            ana.await("bob: ready to `ship`\r\n" + " ".repeat(13) + "│ quoted");
            // Typing is not replayed: bob types once ana is in the room (its message may come before, by recovery).
            ana.await("You are in #general");
            bob.send("type", "typing", "room", "general");
            ana.await("bob is typing…");
            // JLine still moves the cursor with escape sequences, but none of them sets a colour or a style.
            assertThat(ana.screen().replace('\u001b', '⎋')).doesNotContainPattern("⎋\\[[0-9;]*m");
        }
    }

    @Test
    void signing_out_elsewhere_ends_the_chat_with_exit_1() throws Exception {
        try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await(PROMPT);

            assertThat(new Cli(config).run("logout").exitCode()).isZero();

            ana.await("You were signed out.");
            assertThat(ana.awaitExit()).isEqualTo(1);
            assertThat(ana.err())
                    .isEqualTo("chat: signed out: the session ended; sign in again: chat login --server " + server.url()
                            + "\n");
        }
    }

    @Test
    void chat_alone_offers_the_rooms_to_pick_from() throws Exception {
        server.createRoom(server.login("ana"), "random");
        try (PipedTerminal ana = new PipedTerminal(config)) {
            ana.await("Room (number or name, Enter for general): ");
            assertThat(ana.screen()).contains("  1  general  0 online").contains("  2  random  0 online");

            ana.type("2\r");

            ana.await("#random> ");
            ana.await("You are in #random");
        }
    }
}
