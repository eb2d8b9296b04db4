package dev.chat.testkit;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;

/** The store under test, the rooms and people of {@link MessageStoreContract}, and the helpers its tests share. */
public abstract class MessageStoreFixtures {

    /** Millisecond precision, except where a test says otherwise. */
    protected static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    protected static final RoomName GENERAL = new RoomName("general");
    protected static final RoomName RANDOM = new RoomName("random");
    protected static final Username ANA = new Username("ana");
    protected static final Username BOB = new Username("bob");

    protected MessageStore store;

    /** A new, empty store. */
    protected abstract MessageStore newStore();

    /** A second handle on the same messages, as another node would hold; the same object for in-process stores. */
    protected MessageStore anotherNode(MessageStore store) {
        return store;
    }

    @BeforeEach
    final void createStore() {
        store = newStore();
    }

    protected static NewMessage post(RoomName room, Username author, String clientId, String text, Instant ts) {
        return new NewMessage(room, author, new ClientId(clientId), MessageText.of(text), ts);
    }

    /** {@link MessageStore#after}, where only messages are expected (a change there fails the test). */
    protected List<Message> messagesAfter(RoomName room, long afterPosition, int limit) {
        return store.after(room, afterPosition, limit).stream()
                .map(e -> {
                    if (e instanceof Message m) {
                        return m;
                    }
                    throw new AssertionError("expected only messages after " + afterPosition + ", found " + e);
                })
                .collect(Collectors.toList());
    }

    protected static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).collect(Collectors.toList());
    }

    protected static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    /** Appends messages c1…cN to the room, one second apart. */
    protected List<Message> fill(RoomName room, int count) {
        List<Message> stored = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            stored.add(store.append(post(room, ANA, "c" + i, "message " + i, T0.plusSeconds(i)))
                    .message());
        }
        return stored;
    }

    /** Waits, up to the race's time, until a reader has read once. */
    protected static void awaitFirstRead(AtomicInteger reads) {
        long deadline = System.nanoTime() + Race.TIMEOUT.toNanos();
        while (reads.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
