package dev.chat.client;

import dev.chat.client.Recorder.Deleted;
import dev.chat.client.Recorder.Disconnected;
import dev.chat.client.Recorder.Edited;
import dev.chat.client.Recorder.Joined;
import dev.chat.client.Recorder.Missed;
import dev.chat.client.Recorder.ReactionsChanged;
import dev.chat.client.Recorder.Received;
import dev.chat.client.Recorder.Sent;
import dev.chat.client.testing.CuttableProxy;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits, deletions and reactions reach a followed room's client once each, live and after reconnects, and what it
 * holds ends equal to what the server stores: ana's network is cut while bob changes messages old and new.
 */
@Timeout(120)
class MessageChangesTest {

    private static final String ROOM = "general";
    private static final Duration REJOIN_WITHIN = Duration.ofSeconds(40);

    @TempDir
    Path data;

    private TestServer server;
    private CuttableProxy network;
    private ChatApi anaApi;
    private ChatApi bobApi;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        anaApi = TestServer.api(server.url()).withToken(server.signUp("ana"));
        bobApi = TestServer.api(server.url()).withToken(server.signUp("bob"));
        network = new CuttableProxy(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ChatClient::close);
        network.close();
        server.close();
    }

    @Test
    void a_client_cut_off_while_messages_change_comes_back_to_the_servers_view_told_of_each_change_once()
            throws Exception {
        SoftAssertions softly = new SoftAssertions();
        Recorder bob = new Recorder();
        ChatClient bobs = open(bobApi, "bob", bob);
        bobs.enter(ROOM);
        long m1 = say(bobs, bob, "one");
        long m2 = say(bobs, bob, "two");
        long m3 = say(bobs, bob, "three");
        long m4 = say(bobs, bob, "four");
        long m5 = say(bobs, bob, "five");
        // Ana reads them from history first, then joins after the newest.
        Recorder ana = new Recorder();
        ChatClient anas = open(TestServer.api(network.url()).withToken(server.login("ana")), "ana", ana);
        anas.follow(ROOM, 50);
        ana.await(Joined.class);
        Message liked = anaApi.react(ROOM, m2, "👍");
        Message fixed = bobApi.edit(ROOM, m5, "five, fixed");
        ana.await(Edited.class, e -> e.edit().seq() == fixed.seq());

        cut(ana);
        bobApi.edit(ROOM, m1, "one, edited");
        Message oneAgain = bobApi.edit(ROOM, m1, "one, edited twice");
        Message party = bobApi.react(ROOM, m2, "🎉");
        bobApi.deleteMessage(ROOM, m3);
        bobApi.react(ROOM, m4, "👀");
        Message unseen = bobApi.unreact(ROOM, m4, "👀");
        String replyId = bobs.reply(ROOM, m1, "re: one");
        long n1 = bob.await(Sent.class, s -> s.clientId().equals(replyId)).id();
        bobApi.edit(ROOM, n1, "re: one, edited");
        long n2 = say(bobs, bob, "two bis");
        bobApi.deleteMessage(ROOM, n2);
        long n3 = say(bobs, bob, "three bis");
        // The room's last position: the replay shows it inside message n3, so the position stays at n3's id.
        bobApi.react(ROOM, n3, "❤️");
        network.refuse(false);
        ana.await(Joined.class, j -> true, REJOIN_WITHIN);
        ana.await(Received.class, r -> r.message().id() == n3);
        softly.assertThat(anas.position(ROOM).get())
                .as("a message replayed as it is now moves the position to its id, not its seq")
                .isEqualTo(n3);

        // Back with position n3, the reaction to n3 comes again as a change: it must not be told twice.
        cut(ana);
        network.refuse(false);
        ana.await(Joined.class, j -> true, REJOIN_WITHIN);
        Message last = bobApi.edit(ROOM, m4, "four, edited");
        ana.await(Edited.class, e -> e.edit().seq() == last.seq());

        List<Object> events = ana.drain();
        List<Message> stored = serverView();
        softly.assertThat(stored)
                .filteredOn(m -> m.id() == n1)
                .extracting(Message::replyTo)
                .as("the reply")
                .containsExactly(m1);
        softly.assertThat(anas.messages(ROOM).get()).as("what the client holds").isEqualTo(stored);
        softly.assertThat(listenerView(events)).as("what its listener was told").isEqualTo(stored);
        softly.assertThat(delivered(events)).as("messages delivered").containsExactly(m1, m2, m3, m4, m5, n1, n3);
        softly.assertThat(changes(events))
                .as("each change once: live, then the latest of each older message changed while away")
                .containsExactly(
                        "reactions " + m2 + "@" + liked.seq(),
                        "edited " + m5 + "@" + fixed.seq(),
                        "edited " + m1 + "@" + oneAgain.seq(),
                        "reactions " + m2 + "@" + party.seq(),
                        "deleted " + m3,
                        "reactions " + m4 + "@" + unseen.seq(),
                        "edited " + m4 + "@" + last.seq());
        softly.assertThat(anas.position(ROOM).get())
                .as("the position is the last change's seq")
                .isEqualTo(last.seq());
        softly.assertAll();
    }

    @Test
    void after_a_gap_the_messages_held_are_brought_up_to_date_and_their_changes_told() throws Exception {
        Recorder ana = new Recorder();
        ChatClient anas = open(TestServer.api(network.url()).withToken(server.login("ana")), "ana", ana);
        anas.follow(ROOM, 50);
        ana.await(Joined.class);
        Recorder bob = new Recorder();
        ChatClient bobs = open(bobApi, "bob", bob);
        bobs.enter(ROOM);
        long m1 = say(bobs, bob, "one");
        long m2 = say(bobs, bob, "two");
        long m3 = say(bobs, bob, "three");
        ana.await(Received.class, r -> r.message().id() == m3);

        cut(ana);
        Message edited = bobApi.edit(ROOM, m1, "one, edited");
        bobApi.deleteMessage(ROOM, m2);
        // More than 500 positions missed: the server answers the rejoin with a gap.
        for (int i = 0; i < 255; i++) {
            bobApi.react(ROOM, m3, "👍");
            bobApi.unreact(ROOM, m3, "👍");
        }
        Message liked = bobApi.react(ROOM, m3, "👍");
        long m4 = say(bobs, bob, "four");
        network.refuse(false);
        ana.await(Joined.class, j -> true, REJOIN_WITHIN);
        ana.await(Received.class, r -> r.message().id() == m4);

        List<Object> events = ana.drain();
        List<Message> stored = serverView();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(anas.messages(ROOM).get()).as("what the client holds").isEqualTo(stored);
        softly.assertThat(listenerView(events)).as("what its listener was told").isEqualTo(stored);
        softly.assertThat(changes(events))
                .as("the changes the page shows, in id order")
                .containsExactly(
                        "edited " + m1 + "@" + edited.seq(), "reactions " + m3 + "@" + liked.seq(), "deleted " + m2);
        softly.assertThat(events).as("what was skipped").contains(new Missed(ROOM, m3 + 1, m4 - 1));
        softly.assertAll();
    }

    private ChatClient open(ChatApi api, String user, Recorder events) {
        ChatClient client = new ChatClient(api, user, events);
        clients.add(client);
        client.open();
        return client;
    }

    /** Cuts ana's network and keeps it down (new connections refused) until the test lets it up again. */
    private void cut(Recorder ana) throws InterruptedException {
        network.refuse(true);
        network.cut();
        ana.await(Disconnected.class);
    }

    private static long say(ChatClient client, Recorder events, String text) throws InterruptedException {
        String clientId = client.send(ROOM, text);
        return events.await(Sent.class, s -> s.clientId().equals(clientId)).id();
    }

    /** The room as {@code GET /api/rooms/general/messages} shows it to ana, every page, oldest first. */
    private List<Message> serverView() {
        List<Message> all = new ArrayList<>();
        Long before = null;
        while (true) {
            ChatApi.HistoryPage page = anaApi.history(ROOM, before, 100);
            all.addAll(page.messages());
            if (!page.more() || page.messages().isEmpty()) {
                break;
            }
            before = page.messages().get(page.messages().size() - 1).id();
        }
        Collections.reverse(all);
        return all;
    }

    /** The room as a listener that trusts what it is told shows it: each change applied as it comes, unchecked. */
    private static List<Message> listenerView(List<Object> events) {
        TreeMap<Long, Message> shown = new TreeMap<>();
        for (Object event : events) {
            if (event instanceof Received r) {
                shown.put(r.message().id(), r.message());
            } else if (event instanceof Edited e) {
                MessageChange.Edited c = e.edit();
                shown.computeIfPresent(
                        c.id(),
                        (id, m) -> new Message(
                                m.room(),
                                id,
                                m.user(),
                                c.text(),
                                m.ts(),
                                m.clientId(),
                                c.seq(),
                                c.edited(),
                                m.replyTo(),
                                m.reactions()));
            } else if (event instanceof ReactionsChanged r) {
                MessageChange.ReactionsChanged c = r.change();
                shown.computeIfPresent(
                        c.id(),
                        (id, m) -> new Message(
                                m.room(),
                                id,
                                m.user(),
                                m.text(),
                                m.ts(),
                                m.clientId(),
                                c.seq(),
                                m.edited(),
                                m.replyTo(),
                                c.reactions()));
            } else if (event instanceof Deleted d) {
                shown.remove(d.id());
            }
        }
        return List.copyOf(shown.values());
    }

    private static List<Long> delivered(List<Object> events) {
        return events.stream()
                .filter(Received.class::isInstance)
                .map(e -> ((Received) e).message().id())
                .toList();
    }

    /** The changes told, as "edited 4@17", "reactions 2@9", "deleted 3", in the order they were told. */
    private static List<String> changes(List<Object> events) {
        List<String> told = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof Edited e) {
                told.add("edited " + e.edit().id() + "@" + e.edit().seq());
            } else if (event instanceof ReactionsChanged r) {
                told.add("reactions " + r.change().id() + "@" + r.change().seq());
            } else if (event instanceof Deleted d) {
                told.add("deleted " + d.id());
            }
        }
        return told;
    }
}
