package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.client.Recorder.Disconnected;
import dev.chat.client.Recorder.Joined;
import dev.chat.client.Recorder.Received;
import dev.chat.client.Recorder.Sent;
import dev.chat.client.testing.CuttableProxy;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real server, through a network a test can cut: what a program using it would notice. */
@Timeout(120)
class ChatClientTest {

    @TempDir
    Path data;

    private TestServer server;
    private CuttableProxy network;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        server.signUp("ana");
        server.signUp("bob");
        network = new CuttableProxy(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ChatClient::close);
        network.close();
        server.close();
    }

    /** Signs the user in through the client's own HTTP API, via the cuttable network, and opens a socket. */
    private ChatClient open(String user, Recorder events) {
        return open(signIn(user, network.url()), user, events);
    }

    /** The same, straight to the server: a user whose network the test does not cut. */
    private ChatClient openDirect(String user, Recorder events) {
        return open(signIn(user, server.url()), user, events);
    }

    private static ChatApi signIn(String user, String url) {
        ChatApi anonymous = TestServer.api(url);
        ChatApi.SignedIn me = anonymous.login(user, TestServer.PASSWORD);
        assertThat(me.username()).isEqualTo(user);
        return anonymous.withToken(me.token());
    }

    private ChatClient open(ChatApi api, String user, Recorder events) {
        ChatClient client = new ChatClient(api, user, events);
        clients.add(client);
        client.open();
        return client;
    }

    @Test
    void signs_in_joins_and_receives_what_another_user_sends() throws Exception {
        Recorder ana = new Recorder();
        open("ana", ana).follow("general", 10);
        ana.await(Joined.class);

        Recorder bob = new Recorder();
        ChatClient bobs = open("bob", bob);
        bobs.enter("general");
        String clientId = bobs.send("general", "hi ana");

        Received got = ana.await(Received.class);
        assertThat(got.message().user()).isEqualTo("bob");
        assertThat(got.message().text()).isEqualTo("hi ana");
        assertThat(got.message().clientId()).isEqualTo(clientId);
        assertThat(got.earlier()).isFalse();
        if (!ana.seen().contains(new Recorder.Presence("general", "bob", true))) {
            ana.await(Recorder.Presence.class, p -> p.user().equals("bob") && p.online());
        }
    }

    @Test
    void a_send_is_acknowledged_with_the_id_the_server_stored_it_under() throws Exception {
        Recorder ana = new Recorder();
        ChatClient client = open("ana", ana);
        client.enter("general");
        client.send("general", "one", "ana-1");
        client.send("general", "two", "ana-2");

        assertThat(ana.await(Sent.class)).extracting(Sent::clientId, Sent::id).containsExactly("ana-1", 1L);
        assertThat(ana.await(Sent.class)).extracting(Sent::clientId, Sent::id).containsExactly("ana-2", 2L);
        assertThat(client.pending("general").get()).isZero();
    }

    @Test
    void a_send_whose_ack_was_lost_is_resent_after_a_cut_and_stored_once() throws Exception {
        ChatApi api = signIn("ana", network.url());
        // The first socket gets "joined" and nothing after it: the message is stored, its ack never arrives.
        network.swallowAfter(1);
        Recorder ana = new Recorder();
        ChatClient client = open(api, "ana", ana);
        client.enter("general");
        client.send("general", "exactly once", "ana-once");
        String token = server.login("ana");
        server.awaitStored("general", token, 1);
        assertThat(client.pending("general").get()).as("no ack yet").isEqualTo(1);

        network.swallowAfter(-1);
        network.cut();

        Sent sent = ana.await(Sent.class);
        assertThat(sent.id()).isEqualTo(1);
        assertThat(ana.seen()).hasAtLeastOneElementOfType(Disconnected.class);
        assertThat(server.get("/api/rooms/general/messages", token).path("messages"))
                .singleElement()
                .satisfies(m -> assertThat(m.path("text").asText()).isEqualTo("exactly once"));
    }

    @Test
    void after_a_reconnect_every_message_is_delivered_once_in_id_order() throws Exception {
        Recorder ana = new Recorder();
        open("ana", ana).follow("general", 0);
        ana.await(Joined.class);
        Recorder bob = new Recorder();
        ChatClient bobs = openDirect("bob", bob);
        bobs.enter("general");
        say(bobs, bob, "before", 1);
        ana.await(Received.class, r -> r.message().text().equals("before"));

        network.refuse(true);
        network.cut();
        ana.await(Disconnected.class);
        for (int i = 1; i <= 30; i++) {
            say(bobs, bob, "while away " + i, 1 + i);
        }
        network.refuse(false);
        ana.await(Joined.class, j -> true, Duration.ofSeconds(40));
        say(bobs, bob, "after", 32);
        ana.await(Received.class, r -> r.message().text().equals("after"));

        List<Long> ids = ana.seen().stream()
                .filter(Received.class::isInstance)
                .map(e -> ((Received) e).message().id())
                .toList();
        assertThat(ids)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 32).boxed().toList());
    }

    @Test
    void an_end_of_stream_without_a_close_frame_is_noticed_at_once_not_at_the_next_ping() throws Exception {
        Recorder ana = new Recorder();
        open("ana", ana).enter("general");
        ana.await(Joined.class);

        network.cut();

        // The ping that would find a dead connection comes after 25 s; an end of stream is seen when it arrives.
        Disconnected dropped = ana.await(Disconnected.class, d -> true, Duration.ofSeconds(3));
        assertThat(dropped.attempt()).isEqualTo(1);
        assertThat(ana.await(Joined.class).room()).as("and joined again").isEqualTo("general");
    }

    @Test
    void history_pages_back_through_a_room_newest_first() throws Exception {
        Recorder bob = new Recorder();
        ChatClient bobs = open("bob", bob);
        bobs.enter("general");
        for (int i = 1; i <= 120; i++) {
            bobs.send("general", "m" + i, "b-" + i);
        }
        bob.await(Sent.class, s -> s.id() == 120);
        ChatApi api = TestServer.api(server.url()).withToken(server.login("ana"));

        ChatApi.HistoryPage newest = api.history("general", null, 100);
        assertThat(newest.messages()).hasSize(100);
        assertThat(newest.messages().get(0).text()).isEqualTo("m120");
        assertThat(newest.more()).isTrue();
        long oldest = newest.messages().get(99).id();
        ChatApi.HistoryPage older = api.history("general", oldest, 100);
        assertThat(older.messages())
                .extracting(Message::id)
                .containsExactlyElementsOf(
                        LongStream.iterate(20, i -> i - 1).limit(20).boxed().toList());
        assertThat(older.more()).isFalse();
    }

    @Test
    void a_followed_room_starts_with_its_newest_messages_read_page_by_page() throws Exception {
        Recorder bob = new Recorder();
        ChatClient bobs = open("bob", bob);
        bobs.enter("general");
        for (int i = 1; i <= 150; i++) {
            bobs.send("general", "m" + i, "b-" + i);
        }
        bob.await(Sent.class, s -> s.id() == 150);

        Recorder ana = new Recorder();
        open("ana", ana).follow("general", 130);
        ana.await(Joined.class);
        List<Received> earlier = ana.seen().stream()
                .filter(Received.class::isInstance)
                .map(Received.class::cast)
                .toList();
        assertThat(earlier).allMatch(Received::earlier);
        assertThat(earlier)
                .extracting(r -> r.message().id())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(21, 150).boxed().toList());
    }

    @Test
    void typed_events_tell_typing_refusals_deletions_renames_and_a_ban() throws Exception {
        Recorder ana = new Recorder();
        ChatClient anas = open("ana", ana);
        anas.follow("general", 0);
        ana.await(Joined.class);
        Recorder bob = new Recorder();
        ChatClient bobs = open("bob", bob);
        bobs.enter("general");
        bob.await(Joined.class);

        bobs.typing("general", false);
        assertThat(ana.await(Recorder.Typing.class)).isEqualTo(new Recorder.Typing("general", "bob", false));

        bobs.send("general", " ", "blank");
        assertThat(bob.await(Recorder.SendFailed.class))
                .extracting(Recorder.SendFailed::clientId, Recorder.SendFailed::code)
                .containsExactly("blank", "invalid_text");

        say(bobs, bob, "to be deleted", 1);
        ChatApi admin = TestServer.api(server.url()).withToken(server.signUp("admin"));
        admin.delete("/api/rooms/general/messages/1");
        assertThat(ana.await(Recorder.Deleted.class)).isEqualTo(new Recorder.Deleted("general", 1));

        admin.patch("/api/rooms/general", ChatApi.JSON.createObjectNode().put("name", "lobby"));
        assertThat(ana.await(Recorder.RoomClosed.class)).isEqualTo(new Recorder.RoomClosed("general", "lobby"));
        assertThat(ana.await(Joined.class).room())
                .as("followed under its new name")
                .isEqualTo("lobby");

        anas.send("lobby", "still here", "ana-1");
        assertThat(ana.await(Sent.class).id())
                .as("the next position: the deletion took 2, and the rename kept them")
                .isEqualTo(3);

        admin.post("/api/admin/users/ana/ban", null);
        assertThat(ana.await(Recorder.Ended.class).ending()).isEqualTo(ChatListener.Ending.BANNED);
    }

    @Test
    void a_socket_refused_or_unreachable_fails_open_with_the_kind_of_failure() throws Exception {
        ChatApi stale = TestServer.api(server.url()).withToken("not-a-session-token-0000000000000000000000000");
        ChatClient refused = new ChatClient(stale, "ana", new Recorder());
        clients.add(refused);
        assertThatThrownBy(refused::open).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.kind()).isEqualTo(ClientException.Kind.SESSION_ENDED);
            assertThat(e.status()).isEqualTo(401);
        });

        String nowhere = network.url();
        network.close();
        ChatApi away = new ChatApi(nowhere).withToken("t");
        ChatClient gone = new ChatClient(away, "ana", new Recorder());
        clients.add(gone);
        assertThatThrownBy(gone::open).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.kind()).isEqualTo(ClientException.Kind.UNREACHABLE);
            assertThat(e).hasMessage("cannot reach " + nowhere + ": connection refused");
        });
    }

    private static void say(ChatClient client, Recorder events, String text, long id) throws InterruptedException {
        String clientId = client.send("general", text);
        assertThat(events.await(Sent.class, s -> s.clientId().equals(clientId)).id())
                .isEqualTo(id);
    }
}
