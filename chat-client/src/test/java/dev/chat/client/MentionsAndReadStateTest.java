package dev.chat.client;

import dev.chat.client.Recorder.Joined;
import dev.chat.client.Recorder.Mentioned;
import dev.chat.client.Recorder.ReadStateChanged;
import dev.chat.client.Recorder.Received;
import dev.chat.client.Recorder.Sent;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mentions and read markers are the user's: they reach every client of the user, whatever rooms it follows. */
@Timeout(60)
class MentionsAndReadStateTest {

    @TempDir
    Path data;

    private TestServer server;
    private ChatApi anaApi;
    private ChatApi bobApi;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        anaApi = TestServer.api(server.url()).withToken(server.signUp("ana"));
        bobApi = TestServer.api(server.url()).withToken(server.signUp("bob"));
        bobApi.createRoom("random", null, ChatApi.Visibility.PUBLIC);
    }

    @AfterEach
    void stop() {
        clients.forEach(ChatClient::close);
        server.close();
    }

    private ChatClient open(ChatApi api, String user, Recorder events) {
        ChatClient client = new ChatClient(api, user, events);
        clients.add(client);
        client.open();
        return client;
    }

    @Test
    void a_mention_reaches_the_named_wherever_they_are_and_reading_on_one_device_updates_the_other() throws Exception {
        Recorder bobOne = new Recorder();
        ChatClient bobsOne = open(bobApi, "bob", bobOne);
        bobsOne.follow("random", 0);
        bobOne.await(Joined.class);
        Recorder bobTwo = new Recorder();
        open(bobApi, "bob", bobTwo).enter("random");
        bobTwo.await(Joined.class);
        Recorder ana = new Recorder();
        ChatClient anas = open(anaApi, "ana", ana);
        anas.enter("general");

        String clientId = anas.send("general", "@bob look at this");
        long id = ana.await(Sent.class, s -> s.clientId().equals(clientId)).id();

        Message mention = bobOne.await(Mentioned.class).message();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(List.of(mention.room(), mention.id(), mention.user(), mention.text()))
                .as("the mention on the first device")
                .containsExactly("general", id, "ana", "@bob look at this");
        softly.assertThat(bobTwo.await(Mentioned.class).message()).isEqualTo(mention);
        softly.assertThat(bobApi.mentions()).containsExactly(new Mention(mention, true));

        // Bob reads the room on his first device: up to its position, the newest message it received.
        bobsOne.follow("general", 10);
        bobOne.await(Received.class, r -> r.message().id() == id);
        bobOne.await(Joined.class, j -> j.room().equals("general"));
        CompletableFuture<ReadState> marked = bobsOne.markRead("general");
        ReadState read = bobTwo.await(ReadStateChanged.class, r -> true, Duration.ofSeconds(1))
                .state();

        softly.assertThat(read).isEqualTo(new ReadState("general", 0, 0, id));
        softly.assertThat(marked.get(5, TimeUnit.SECONDS)).isEqualTo(read);
        softly.assertThat(bobApi.mentions()).extracting(Mention::unread).containsExactly(false);

        String again = anas.send("general", "and again, @bob");
        long next = ana.await(Sent.class, s -> s.clientId().equals(again)).id();
        bobTwo.await(Mentioned.class, m -> m.message().id() == next);
        softly.assertThat(bobApi.roomList())
                .filteredOn(r -> r.name().equals("general"))
                .singleElement()
                .extracting(RoomInfo::readState)
                .isEqualTo(new ReadState("general", 1, 1, id));
        softly.assertAll();
    }
}
