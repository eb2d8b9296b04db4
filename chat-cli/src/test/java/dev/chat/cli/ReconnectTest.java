package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.testing.CuttableProxy;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's connection through a network that fails: what the browser client promises, the CLI keeps. */
class ReconnectTest {

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private CuttableProxy network;
    private Cli ana;
    private String bobToken;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        server.signUp("ana");
        bobToken = server.signUp("bob");
        network = new CuttableProxy(server.port());
        ana = new Cli(config);
        Cli.Result login = ana.runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", network.url(), "--user", "ana", "--password-stdin");
        assertThat(login.exitCode()).as(login.err()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
        server.close();
    }

    @Test
    void a_send_whose_ack_was_lost_is_resent_with_the_same_client_id_and_stored_once() throws Exception {
        // The first connection gets "joined" and nothing after it: the message is stored, its ack never arrives.
        network.swallowAfter(1);
        Cli.Running send = ana.start("send", "general", "exactly once", "--json");
        String token = server.login("ana");
        server.awaitStored("general", token, 1);
        Thread.sleep(300);
        assertThat(send.out()).as("no ack yet, so not done").isEmpty();

        network.swallowAfter(-1);
        network.cut();

        Cli.Result result = send.awaitExit();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("chat: connection lost");
        assertThat(result.json().path("id").asLong()).isEqualTo(1);
        JsonNode history = server.get("/api/rooms/general/messages", token);
        assertThat(history.path("messages")).hasSize(1);
        assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("exactly once");
    }

    @Test
    void after_a_gap_tail_shows_the_newest_page_says_what_it_skipped_and_goes_on_live() throws Exception {
        Cli.Running tail = ana.start("tail", "general", "--history", "0", "--json");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana")) {
            bob.say("general", "m1");
            tail.awaitOut(out -> out.contains("\"m1\""), "m1");

            network.refuse(true);
            network.cut();
            tail.awaitErr(err -> err.contains("chat: connection lost"), "the drop");
            for (int i = 2; i <= 601; i++) {
                bob.say("general", "m" + i);
            }
            network.refuse(false);

            tail.awaitOut(out -> out.contains("\"m601\""), "the newest page after the gap");
            bob.say("general", "live");
            tail.awaitOut(out -> out.contains("\"live\""), "a live message after the gap");
        } finally {
            tail.stop();
        }
        List<Long> ids = new Cli.Result(0, tail.out(), "")
                .jsonLines().stream().map(m -> m.path("id").asLong()).toList();
        List<Long> expected = new java.util.ArrayList<>(List.of(1L));
        expected.addAll(LongStream.rangeClosed(552, 602).boxed().toList());
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(tail.err())
                .contains("chat: messages 2 to 551 of general were skipped after a long disconnection; "
                        + "see: chat history general --before 552");
    }
}
