package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.client.Recorder.SendFailed;
import dev.chat.client.Recorder.Sent;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Edits, deletions, reactions and replies through {@link ChatApi} and {@link ChatClient}, against a real server. */
@Timeout(60)
class MessageApiTest {

    private static final String ROOM = "general";
    private static final long NONE = 9_999;

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
        client.enter(ROOM);
        return client;
    }

    @Test
    void reactions_replies_and_edits_read_back_over_http() throws Exception {
        Recorder ana = new Recorder();
        long hello = say(open(anaApi, "ana", ana), ana, "hello");
        SoftAssertions softly = new SoftAssertions();

        softly.assertThat(bobApi.react(ROOM, hello, "👍").reactions().asList())
                .containsExactly(new Reaction("👍", 1, true));
        anaApi.react(ROOM, hello, "👍");
        anaApi.react(ROOM, hello, "👩🏽‍💻");
        softly.assertThat(anaApi.reactions(ROOM, hello))
                .containsExactly(
                        new WhoReacted("👍", 2, true, List.of("bob", "ana")),
                        new WhoReacted("👩🏽‍💻", 1, true, List.of("ana")));
        Message seenByBob = bobApi.message(ROOM, hello);
        softly.assertThat(seenByBob.reactions().count("👍")).isEqualTo(2);
        softly.assertThat(seenByBob.reactions().byMe("👩🏽‍💻")).isFalse();
        softly.assertThat(anaApi.unreact(ROOM, hello, "👩🏽‍💻").reactions().asList())
                .containsExactly(new Reaction("👍", 2, true));

        Message edited = anaApi.edit(ROOM, hello, "hello, edited");
        softly.assertThat(List.of(edited.text(), edited.isEdited()))
                .as("edited")
                .containsExactly("hello, edited", true);
        softly.assertThat(edited.seq()).as("a newer state").isGreaterThan(seenByBob.seq());
        softly.assertThat(anaApi.message(ROOM, hello)).as("read back").isEqualTo(edited);

        Recorder bob = new Recorder();
        ChatClient bobs = open(bobApi, "bob", bob);
        long answer = stored(bob, bobs.reply(ROOM, hello, "hi back"));
        softly.assertThat(bobApi.message(ROOM, answer).replyTo()).isEqualTo(hello);
        String lost = bobs.reply(ROOM, NONE, "to nothing");
        softly.assertThat(bob.await(SendFailed.class, f -> f.clientId().equals(lost))
                        .code())
                .isEqualTo("no_such_message");
        softly.assertAll();
    }

    @Test
    void edits_deletions_and_reactions_the_server_refuses_fail_with_its_code() throws Exception {
        Recorder ana = new Recorder();
        long mine = say(open(anaApi, "ana", ana), ana, "mine");
        ChatClient bobs = open(bobApi, "bob", new Recorder());
        SoftAssertions softly = new SoftAssertions();

        refused(softly, () -> bobApi.edit(ROOM, mine, "not yours"), 403, "forbidden");
        refused(softly, () -> bobApi.deleteMessage(ROOM, mine), 403, "forbidden");
        refused(softly, () -> bobApi.edit(ROOM, NONE, "nothing there"), 404, "no_such_message");
        refused(softly, () -> bobApi.deleteMessage(ROOM, NONE), 404, "no_such_message");
        refused(softly, () -> bobApi.react(ROOM, NONE, "👍"), 404, "no_such_message");
        refused(softly, () -> bobApi.react(ROOM, mine, "not an emoji"), 400, "invalid_emoji");
        refused(softly, () -> bobApi.unreact(ROOM, mine, "ab"), 400, "invalid_emoji");

        failed(softly, bobs.edit(ROOM, mine, "not yours"), "forbidden");
        failed(softly, bobs.deleteMessage(ROOM, mine), "forbidden");
        failed(softly, bobs.deleteMessage(ROOM, NONE), "no_such_message");
        failed(softly, bobs.react(ROOM, mine, "not an emoji"), "invalid_emoji");
        failed(softly, bobs.unreact(ROOM, NONE, "👍"), "no_such_message");
        softly.assertAll();
    }

    /** The HTTP call throws the server's refusal: its status and code. */
    private static void refused(SoftAssertions softly, ThrowingCallable call, int status, String code) {
        softly.assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ClientException.class,
                        e -> assertThat(List.of(e.kind(), e.status(), e.code()))
                                .containsExactly(ClientException.Kind.REFUSED, status, code));
    }

    /** The client's call completes with the server's refusal. */
    private static void failed(SoftAssertions softly, CompletableFuture<?> call, String code) {
        softly.assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ClientException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static long say(ChatClient client, Recorder events, String text) throws InterruptedException {
        return stored(events, client.send(ROOM, text));
    }

    /** The id the send of {@code clientId} was stored under. */
    private static long stored(Recorder events, String clientId) throws InterruptedException {
        return events.await(Sent.class, s -> s.clientId().equals(clientId)).id();
    }
}
