package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Cli;
import dev.chat.cli.Peer;
import dev.chat.client.ChatApi;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat dm}, and rooms that come and go while the terminal chat runs. */
class DirectChatTest {

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private String bobToken;
    private ChatApi carol;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        bobToken = server.signUp("bob");
        carol = TestServer.api(server.url()).withToken(server.signUp("carol"));
        new Cli(config).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void dm_opens_the_direct_room_named_by_the_other_person_and_a_message_reaches_them() throws Exception {
        try (Peer bob = Peer.connect(server, bobToken);
                PipedTerminal ana = new PipedTerminal(config, "dm", "Bob")) {
            JsonNode added = bob.await(f -> f.path("type").asText().equals("room_added"));
            String room = added.path("room").path("name").asText();
            assertThat(room).startsWith("dm-");
            ana.await("@bob> ");
            ana.await("You are in @bob");
            bob.joinAndAwait(room, "ana");

            ana.type("hello bob\r");

            JsonNode received = bob.awaitMessage("hello bob");
            assertThat(received.path("room").asText()).isEqualTo(room);
            assertThat(received.path("user").asText()).isEqualTo("ana");
            bob.say(room, "hi ana");
            ana.await("bob: hi ana");
            assertThat(ana.screen()).doesNotContain("#dm-");
            ana.type("/quit\r");
            assertThat(ana.awaitExit()).isZero();
        }
    }

    @Test
    void dm_with_nobody_known_fails_with_the_servers_sentence() throws Exception {
        try (PipedTerminal ana = new PipedTerminal(config, "dm", "nobody")) {
            assertThat(ana.awaitExit()).isEqualTo(1);
            assertThat(ana.err()).startsWith("chat: ").contains("nobody");
        }
    }

    @Test
    void being_added_to_a_room_or_a_conversation_and_removed_from_one_show_as_notes() throws Exception {
        carol.createRoom("team", null, ChatApi.Visibility.PRIVATE);
        try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await("You are in #general");

            carol.addMember("team", "ana");
            ana.await("You were added to #team (private): /join team to read it.");
            carol.openDirect(List.of("ana"));
            ana.await("New direct conversation with carol: /join @carol to read it.");

            ana.type("/join team\r");
            ana.await("You are in #team");
            carol.removeMember("team", "ana");
            ana.await("#team is closed to you: it was deleted, or you were removed from it.");
            ana.type("/who\r");
            ana.await("In #general: ana");

            ana.type("/join @carol\r");
            ana.await("@carol> ");
            ana.type("/quit\r");
            assertThat(ana.awaitExit()).isZero();
        }
    }
}
