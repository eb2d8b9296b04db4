package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagingTest {

    /** {@code HH:MM }, with the date in front for a test that runs across midnight. */
    private static final String LINE = "(?:\\d{4}-\\d{2}-\\d{2} )?\\d{2}:\\d{2} ";
    /** Later lines of a text start under its first line (after {@code HH:MM ana: }). */
    private static final String UNDER_TEXT = "(?: {11}| {22})";

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private Cli ana;
    private String bobToken;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        bobToken = server.signUp("bob");
        ana = new Cli(config).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void send_stores_the_message_and_history_prints_it_as_a_line() {
        Cli.Result sent = ana.run("send", "general", "hello", "there");

        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).isEmpty();
        assertThat(ana.run("history", "General").lines())
                .singleElement()
                .asString()
                .matches(LINE + "ana: hello there");
    }

    @Test
    void send_takes_all_of_standard_input_as_one_message_or_each_line_with_lines() {
        assertThat(ana.runWithInput("first line\nsecond line\n", "send", "general")
                        .exitCode())
                .isZero();
        Cli.Result lines = ana.runWithInput("a\n\nb\n", "send", "general", "--lines", "--json");

        assertThat(lines.exitCode()).as(lines.err()).isZero();
        List<JsonNode> acks = lines.jsonLines();
        assertThat(acks).extracting(a -> a.path("id").asLong()).containsExactly(2L, 3L);
        assertThat(acks).allSatisfy(a -> assertThat(a.path("room").asText()).isEqualTo("general"));
        assertThat(texts(ana.run("history", "general", "--json").json()))
                .containsExactly("first line\nsecond line", "a", "b");
        assertThat(ana.run("history", "general").out())
                .matches(LINE + "ana: first line\n" + UNDER_TEXT + "second line\n" + LINE + "ana: a\n" + LINE
                        + "ana: b\n");
    }

    @Test
    void sending_again_with_the_same_client_id_stores_nothing_twice() {
        Cli.Result first = ana.run("send", "general", "only once", "--client-id", "deploy-42", "--json");
        Cli.Result again = ana.run("send", "general", "only once", "--client-id", "deploy-42", "--json");

        assertThat(again.json().path("id").asLong())
                .isEqualTo(first.json().path("id").asLong());
        assertThat(texts(ana.run("history", "general", "--json").json())).containsExactly("only once");
    }

    @Test
    void a_send_the_server_refuses_fails_with_its_reason() {
        Cli.Result noRoom = ana.run("send", "nowhere", "hi");
        assertThat(noRoom.exitCode()).isEqualTo(1);
        assertThat(noRoom.err()).isEqualTo("chat: There is no room named 'nowhere'.\n");

        Cli.Result tooLong = ana.run("send", "general", "x".repeat(4001));
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.err()).isEqualTo("chat: A message is at most 4000 characters.\n");

        Cli.Result empty = ana.runWithInput(" \n", "send", "general");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("chat: nothing to send: standard input is empty\n");
    }

    @Test
    void sends_held_back_by_the_rate_limit_are_all_stored_in_the_order_given(@TempDir Path otherData) {
        try (TestServer limited = TestServer.start(otherData, "--rate-limit", "10")) {
            limited.signUp("ana");
            Cli cli = new Cli(otherData.resolve("config")).login(limited, "ana");
            StringBuilder input = new StringBuilder();
            for (int i = 1; i <= 13; i++) {
                input.append("line ").append(i).append('\n');
            }

            Cli.Result sent = cli.runWithInput(input.toString(), "send", "general", "--lines", "--json");

            assertThat(sent.exitCode()).as(sent.err()).isZero();
            assertThat(sent.jsonLines())
                    .extracting(a -> a.path("id").asLong())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 13).boxed().toList());
            assertThat(texts(cli.run("history", "general", "--json").json()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 13)
                            .mapToObj(i -> "line " + i)
                            .toList());
        }
    }

    @Test
    void history_pages_past_one_hundred_and_prints_oldest_first() {
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            for (int i = 1; i <= 130; i++) {
                bob.say("general", "m" + i);
            }
        }

        JsonNode page =
                ana.run("history", "general", "--limit", "120", "--json").json();

        assertThat(page.path("room").asText()).isEqualTo("general");
        assertThat(page.path("more").asBoolean()).isTrue();
        List<Long> ids = new ArrayList<>();
        page.path("messages").forEach(m -> ids.add(m.path("id").asLong()));
        assertThat(ids)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(11, 130).boxed().toList());
        JsonNode older =
                ana.run("history", "general", "--before", "11", "--json").json();
        assertThat(texts(older)).hasSize(10).startsWith("m1").endsWith("m10");
        assertThat(older.path("more").asBoolean()).isFalse();
    }

    @Test
    @SuppressWarnings("try") // bob's open connection is what the test needs, not a value it reads
    void rooms_lists_each_room_with_its_kind_the_users_role_and_who_is_online() {
        server.createRoom(server.login("ana"), "random");
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            JsonNode rooms = ana.run("rooms", "--json").json().path("rooms");

            assertThat(rooms)
                    .extracting(r ->
                            r.path("name").asText() + "=" + r.path("online").asInt())
                    .containsExactly("general=1", "random=0");
            assertThat(ana.run("rooms").out()).isEqualTo("""
                    ROOM     KIND    ROLE   ONLINE  UNREAD  MENTIONS  TOPIC
                    general  public  -           1       -         -
                    random   public  owner       0       0         0
                    """);
        }
    }

    @Test
    void tail_prints_recent_history_then_live_messages_from_others() {
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            bob.say("general", "before");
            bob.say("general", "also before");
            Cli.Running tail = ana.start("tail", "general", "--history", "1", "--count", "3");
            tail.awaitOut(out -> out.contains("bob: also before"), "the last message before");
            bob.say("general", "live one");
            bob.say("general", "live\ntwo");

            Cli.Result result = tail.awaitExit();

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out())
                    .matches(LINE + "bob: also before\n" + LINE + "bob: live one\n" + LINE + "bob: live\n" + UNDER_TEXT
                            + "two\n");
        }
    }

    @Test
    void tail_json_prints_one_message_object_per_line() {
        Cli.Running tail = ana.start("tail", "general", "--history", "0", "--json", "--count", "1");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana")) {
            long id = bob.say("general", "as json");

            List<JsonNode> lines = tail.awaitExit().jsonLines();

            assertThat(lines).singleElement().satisfies(m -> {
                assertThat(m.path("id").asLong()).isEqualTo(id);
                assertThat(m.path("user").asText()).isEqualTo("bob");
                assertThat(m.path("text").asText()).isEqualTo("as json");
                assertThat(m.path("room").asText()).isEqualTo("general");
                assertThat(m.path("ts").asText()).isNotEmpty();
            });
        }
    }

    @Test
    void tail_survives_a_server_restart_without_losing_or_repeating_a_message() {
        Cli.Running tail = ana.start("tail", "general", "--history", "0", "--json");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana")) {
            bob.say("general", "m1");
            tail.awaitOut(out -> out.contains("\"m1\""), "m1");
        }
        server.stop();
        tail.awaitErr(err -> err.contains("chat: connection lost"), "the drop to be noticed");
        server.startAgain();
        try (Peer bob = Peer.connect(server, bobToken).join("general")) {
            // Posted at once: most of these are stored before tail is back, so they come by the replay after m1.
            bob.say("general", "m2");
            bob.say("general", "m3");
            tail.awaitErr(err -> err.contains("chat: reconnected"), "the tail to be back");
            bob.say("general", "m4");
            tail.awaitOut(out -> out.contains("\"m4\""), "m4");
        } finally {
            tail.stop();
        }
        List<JsonNode> lines = new Cli.Result(0, tail.out(), "").jsonLines();
        assertThat(lines).extracting(m -> m.path("text").asText()).containsExactly("m1", "m2", "m3", "m4");
        assertThat(lines).extracting(m -> m.path("id").asLong()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void tail_of_a_room_that_does_not_exist_fails() {
        Cli.Result result = ana.run("tail", "nowhere");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("chat: There is no room named 'nowhere'.\n");
    }

    @Test
    @SuppressWarnings("try") // bob's open connection is what the test needs, not a value it reads
    void tail_ends_with_exit_1_when_the_session_is_signed_out() {
        Cli.Running tail = ana.start("tail", "general");
        try (Peer bob = Peer.connect(server, bobToken).joinAndAwait("general", "ana")) {
            assertThat(tail.out()).isEmpty();
        }

        assertThat(ana.run("logout").exitCode()).isZero();

        Cli.Result result = tail.awaitExit();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .endsWith("chat: signed out: the session ended; sign in again: chat login --server " + server.url()
                        + "\n");
    }

    private static List<String> texts(JsonNode history) {
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(m -> texts.add(m.path("text").asText()));
        return texts;
    }
}
