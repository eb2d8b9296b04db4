package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.term.PipedTerminal;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat admin} against the server's admin endpoints (docs/protocol.md, "Administration"). The server
 * under test runs with {@code --admins admin}.
 */
class AdminCommandsTest {

    @TempDir
    Path data;

    @TempDir
    Path adminConfig;

    @TempDir
    Path anaConfig;

    @TempDir
    Path bobConfig;

    private TestServer server;
    private Cli admin;
    private Cli ana;
    private String anaToken;
    private String bobToken;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("admin");
        anaToken = server.signUp("ana");
        bobToken = server.signUp("bob");
        admin = new Cli(adminConfig).login(server, "admin");
        ana = new Cli(anaConfig).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rooms_are_created_listed_given_a_topic_renamed_and_deleted() {
        Cli.Result created = admin.run("admin", "rooms", "create", "Random", "--topic", "off-topic");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created room random.\n");
        assertThat(rooms()).contains("random:off-topic");

        Cli.Result topic = admin.run("admin", "rooms", "topic", "random", "cats only");
        assertThat(topic.out()).isEqualTo("Topic of random: cats only\n");
        assertThat(rooms()).contains("random:cats only");
        assertThat(admin.run("admin", "rooms", "list").out()).contains("random").contains("cats only");

        try (Peer bob = Peer.connect(server, bobToken).join("random")) {
            bob.say("random", "moving along");

            Cli.Result renamed = admin.run("admin", "rooms", "rename", "random", "lounge");

            assertThat(renamed.out()).isEqualTo("Renamed room random to lounge.\n");
            JsonNode closed = bob.await(f -> f.path("type").asText().equals("room_closed"));
            assertThat(closed.path("room").asText()).isEqualTo("random");
            assertThat(closed.path("renamedTo").asText()).isEqualTo("lounge");
            assertThat(rooms()).contains("lounge:cats only").noneMatch(r -> r.startsWith("random:"));
            assertThat(texts(ana.run("history", "lounge", "--json").json())).containsExactly("moving along");

            bob.join("lounge");
            Cli.Result deleted = admin.run("admin", "rooms", "delete", "lounge");

            assertThat(deleted.out()).isEqualTo("Deleted room lounge.\n");
            JsonNode gone = bob.await(f -> f.path("type").asText().equals("room_closed"));
            assertThat(gone.path("room").asText()).isEqualTo("lounge");
            assertThat(gone.has("renamedTo")).isFalse();
            assertThat(rooms()).noneMatch(r -> r.startsWith("lounge:"));
        }
    }

    @Test
    void tail_follows_a_renamed_room_and_ends_when_it_is_deleted() {
        admin.run("admin", "rooms", "create", "random");
        Cli.Running tail = ana.start("tail", "random", "--history", "0", "--json");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("random", "ana")) {
            bob.say("random", "before");
            tail.awaitOut(out -> out.contains("\"before\""), "the first message");

            admin.run("admin", "rooms", "rename", "random", "lounge");
            tail.awaitErr(err -> err.contains("chat: room random is now called lounge"), "the rename");
            // Whether tail is back in the room yet or not, it gets this: live, or replayed after its last id.
            bob.join("lounge");
            bob.say("lounge", "after");
            tail.awaitOut(out -> out.contains("\"after\""), "a message in the renamed room");

            admin.run("admin", "rooms", "delete", "lounge");
            Cli.Result result = tail.awaitExit();

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).endsWith("chat: room lounge was deleted\n");
            assertThat(result.jsonLines())
                    .extracting(m -> m.path("text").asText())
                    .containsExactly("before", "after");
        }
    }

    @Test
    void users_are_listed_and_a_ban_closes_their_sockets_and_refuses_their_login_until_unbanned() throws Exception {
        JsonNode users = admin.run("admin", "users", "list", "--json").json().path("users");
        assertThat(users)
                .extracting(u -> u.path("username").asText() + ":"
                        + u.path("admin").asBoolean() + ":" + u.path("banned").asBoolean())
                .containsExactly("admin:true:false", "ana:false:false", "bob:false:false");

        Cli bobCli = new Cli(bobConfig).login(server, "bob");
        try (Peer bob = Peer.connect(server, bobToken).join("general");
                Peer anaPeer = Peer.connect(server, anaToken).joinAndAwait("general", "bob")) {
            anaPeer.say("general", "before the ban");
            Cli.Running bobTail = bobCli.start("tail", "general");
            bobTail.awaitOut(out -> out.contains("ana: before the ban"), "bob's tail to be connected");

            Cli.Result banned = admin.run("admin", "users", "ban", "bob");

            assertThat(banned.exitCode()).as(banned.err()).isZero();
            assertThat(banned.out()).isEqualTo("Banned bob.\n");
            assertThat(bob.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4403);
            Cli.Result tail = bobTail.awaitExit();
            assertThat(tail.exitCode()).isEqualTo(1);
            assertThat(tail.err()).endsWith("chat: this account is banned on " + server.url() + "\n");
            assertThat(anaPeer.closeCode).isNotDone();
        }
        Cli.Result login = bobCli.runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", server.url(), "--user", "bob", "--password-stdin");
        assertThat(login.exitCode()).isEqualTo(1);
        assertThat(login.err()).isEqualTo("chat: This account is banned.\n");
        assertThat(admin.run("admin", "users", "list").out()).containsPattern("bob +\\S+ +yes +no");

        Cli.Result unbanned = admin.run("admin", "users", "unban", "bob");

        assertThat(unbanned.out()).isEqualTo("Unbanned bob.\n");
        bobCli.login(server, "bob");
        assertThat(bobCli.run("whoami").out()).startsWith("bob on ");
    }

    @Test
    void an_admin_issues_a_reset_link_with_which_the_user_sets_a_new_password_and_changes_it_again() {
        Cli.Result reset = admin.run("admin", "users", "reset", "bob");
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        String link = reset.out().lines().toList().get(1);
        assertThat(link).startsWith("http://").contains("/#reset=bob.");
        String token = link.substring(link.indexOf("#reset=") + 7);
        JsonNode set = server.post(
                "/api/password/reset", "{\"token\":\"" + token + "\",\"password\":\"bob-new-password\"}", null);
        assertThat(set.path("username").asText()).isEqualTo("bob");

        Cli bobCli = new Cli(bobConfig);
        Cli.Result login = bobCli.runWithInput(
                "bob-new-password\n", "login", "--server", server.url(), "--user", "bob", "--password-stdin");
        assertThat(login.exitCode()).as(login.err()).isZero();
        Cli.Result changed =
                bobCli.runWithInput("bob-new-password\nbob-newer-password\n", "password", "--password-stdin");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).isEqualTo("Password changed. Your other sessions are signed out.\n");
        assertThat(bobCli.run("whoami").out()).as("this session stays").startsWith("bob on ");
        Cli.Result wrong =
                bobCli.runWithInput("not-bobs-password\nwhatever-password\n", "password", "--password-stdin");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("chat: The current password is not right.\n");
    }

    @Test
    void banning_an_unknown_user_fails() {
        Cli.Result result = admin.run("admin", "users", "ban", "nobody");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("chat: ").hasLineCount(1);
    }

    @Test
    void a_deleted_message_leaves_history_and_open_clients_are_told() {
        Cli.Running tail = ana.start("tail", "general", "--history", "0", "--json");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana");
                Peer anaPeer = Peer.connect(server, anaToken).join("general")) {
            bob.say("general", "one");
            long id = bob.say("general", "regrettable");
            bob.say("general", "three");
            tail.awaitOut(out -> out.contains("\"three\""), "the three messages");

            Cli.Result deleted = admin.run("admin", "delete-message", "general", String.valueOf(id));

            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(deleted.out()).isEqualTo("Deleted message " + id + " in general.\n");
            JsonNode frame = anaPeer.await(f -> f.path("type").asText().equals("deleted"));
            assertThat(frame.path("room").asText()).isEqualTo("general");
            assertThat(frame.path("id").asLong()).isEqualTo(id);
            tail.awaitOut(out -> out.contains("\"deleted\":true"), "the deletion");
            assertThat(texts(ana.run("history", "general", "--json").json())).containsExactly("one", "three");

            Cli.Result again = admin.run("admin", "delete-message", "general", String.valueOf(id));
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).startsWith("chat: ").hasLineCount(1);
        } finally {
            tail.stop();
        }
        List<JsonNode> lines = new Cli.Result(0, tail.out(), "").jsonLines();
        assertThat(lines.get(lines.size() - 1).path("id").asLong()).isEqualTo(2);
        assertThat(lines.get(lines.size() - 1).path("deleted").asBoolean()).isTrue();
    }

    @Test
    void the_terminal_chat_shows_a_deletion_and_ends_when_its_user_is_banned() throws Exception {
        try (PipedTerminal screen = new PipedTerminal(anaConfig, "room", "general");
                Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana")) {
            long id = bob.say("general", "oops");
            screen.await("bob: oops");

            admin.run("admin", "delete-message", "general", String.valueOf(id));
            screen.await("-- Deleted: " + id + " bob: oops");

            admin.run("admin", "users", "ban", "ana");
            screen.await("This account was banned.");
            assertThat(screen.awaitExit()).isEqualTo(1);
            assertThat(screen.err()).isEqualTo("chat: this account is banned on " + server.url() + "\n");
        }
    }

    @Test
    void stats_show_online_users_and_each_node() {
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            bob.say("general", "counted");
            JsonNode stats = null;
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                stats = admin.run("admin", "stats", "--json").json();
                // Nodes report every 5 s: wait for a report made after bob connected and posted.
                if (!stats.path("nodes").isEmpty()
                        && stats.path("nodes").get(0).path("connections").asInt() >= 1
                        && stats.path("messagesPerMinute").asLong() >= 1) {
                    break;
                }
                Cli.sleep(250);
            }
            assertThat(stats.path("onlineUsers").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(stats.path("nodes")).hasSize(1);
            JsonNode node = stats.path("nodes").get(0);
            assertThat(node.path("node").asText()).isNotEmpty();
            assertThat(node.path("connections").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(stats.path("messagesPerMinute").asLong()).isGreaterThanOrEqualTo(1);

            String table = admin.run("admin", "stats").out();
            assertThat(table)
                    .startsWith("Online users:")
                    .contains("Messages per minute:")
                    .contains("NODE")
                    .contains(node.path("node").asText());
        }
    }

    @Test
    void admin_commands_are_refused_to_everyone_else() {
        String admins = "chat: Only an admin can do that.\n";
        // Rooms have owners and moderators now: the server names who may act on the room instead.
        String owners = "chat: Only the room's owner may do that.\n";
        String moderators = "chat: Only the room's owner and moderators may do that.\n";
        // The server looks the message up before the caller's role: one must exist for the refusal to be about rights.
        Peer bob = Peer.connect(server, bobToken).join("general");
        bob.say("general", "mine");
        bob.close();
        for (String[] command : List.of(
                new String[] {admins, "admin", "users", "list"},
                new String[] {admins, "admin", "stats"},
                new String[] {owners, "admin", "rooms", "delete", "general"},
                new String[] {admins, "admin", "users", "ban", "bob"},
                new String[] {moderators, "admin", "delete-message", "general", "1"})) {
            String[] args = Arrays.copyOfRange(command, 1, command.length);
            Cli.Result result = ana.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(result.err()).as(String.join(" ", args)).isEqualTo(command[0]);
        }
        assertThat(rooms()).contains("general:");
    }

    /** {@code name:topic} of every room, as {@code chat rooms --json} lists them. */
    private List<String> rooms() {
        List<String> rooms = new ArrayList<>();
        ana.run("rooms", "--json")
                .json()
                .path("rooms")
                .forEach(r -> rooms.add(
                        r.path("name").asText() + ":" + r.path("topic").asText()));
        return rooms;
    }

    private static List<String> texts(JsonNode history) {
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(m -> texts.add(m.path("text").asText()));
        return texts;
    }
}
