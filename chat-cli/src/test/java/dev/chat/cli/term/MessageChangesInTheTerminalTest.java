package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.cli.Cli;
import dev.chat.cli.Peer;
import dev.chat.client.ChatApi;
import dev.chat.client.ClientException;
import dev.chat.client.Message;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /edit}, {@code /delete}, {@code /react}, {@code /reply} in the terminal chat, both ways. */
class MessageChangesInTheTerminalTest {

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private ChatApi bob;
    private String bobToken;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        bobToken = server.signUp("bob");
        bob = TestServer.api(server.url()).withToken(bobToken);
        new Cli(config).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void what_ana_changes_from_the_terminal_is_what_bob_reads() throws Exception {
        try (PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await("#general> ");
            ana.type("first try\r");
            ana.await("ana: first try");
            long mine = newest().id();
            ana.await(mine + " ");

            ana.type("/edit second try\r");
            ana.await("ana: second try (edited)");
            assertThat(bob.message("general", mine).text()).isEqualTo("second try");
            assertThat(bob.message("general", mine).isEdited()).isTrue();

            ana.type("/react " + mine + " 👍\r");
            ana.await(mine + " 👍 1");
            assertThat(bob.message("general", mine).reactions().count("👍")).isEqualTo(1);
            ana.type("/unreact " + mine + " 👍\r");
            ana.await(mine + " no reactions");
            assertThat(bob.message("general", mine).reactions().isEmpty()).isTrue();

            ana.type("/reply " + mine + " answering myself\r");
            ana.await("↪ replying to " + mine + " ana: second try");
            ana.await("ana: answering myself");
            Message reply = newest();
            assertThat(reply.text()).isEqualTo("answering myself");
            assertThat(reply.replyTo()).isEqualTo(mine);

            ana.type("/delete " + mine + "\r");
            ana.await("Delete " + mine + " ana: second try? [y/N] ");
            ana.type("n\r");
            ana.await("-- Not deleted.");
            assertThat(bob.message("general", mine).text()).isEqualTo("second try");
            ana.type("/delete " + mine + "\r");
            ana.type("y\r");
            ana.await("-- Deleted: " + mine + " ana: second try");
            assertThatThrownBy(() -> bob.message("general", mine))
                    .isInstanceOfSatisfying(
                            ClientException.class, e -> assertThat(e.code()).isEqualTo("no_such_message"));
        }
    }

    @Test
    void what_bob_changes_shows_in_anas_terminal_and_his_message_is_not_hers_to_edit() throws Exception {
        try (Peer peer = Peer.connect(server, bobToken).join("general");
                PipedTerminal ana = new PipedTerminal(config, "room", "general")) {
            ana.await("#general> ");
            long his = peer.say("general", "hello all");
            ana.await(his + " ");
            ana.await("bob: hello all");

            bob.edit("general", his, "hello everyone");
            ana.await("bob: hello everyone (edited)");
            bob.react("general", his, "🎉");
            ana.await(his + " 🎉 1  ← bob: hello everyone");

            ana.type("/edit " + his + " hacked\r");
            ana.await("-- Not edited: ");
            assertThat(bob.message("general", his).text()).isEqualTo("hello everyone");

            bob.deleteMessage("general", his);
            ana.await("-- Deleted: " + his + " bob: hello everyone");
        }
    }

    private Message newest() {
        List<Message> messages = bob.history("general", null, 1).messages();
        assertThat(messages).isNotEmpty();
        return messages.get(0);
    }
}
