package dev.chat.core.bench;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The core's live path on one thread, with its in-memory adapters and listeners that only count: a message
 * to a room of 100 joined connections (per delivery), and a post to a room nobody reads (per post). Data is
 * shaped like {@code chat bench}'s: room {@code bench-0}, guest users, 64-character texts that start with
 * the bench's stamp, the stamp as clientId.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LiveFanoutBenchmark {

    static final int MEMBERS = 100;
    static final String ROOM = "bench-0";
    static final String QUIET_ROOM = "bench-1";
    /** {@code <run>.<sender>.<seq>.<sent µs>.m}: the bench's stamp; the seq part varies per message. */
    static final String STAMP_HEAD = "k3x9q2.0.";

    static final String TEXT = padded("k3x9q2.0.123456.1764583200123456.m");

    static String padded(String stamp) {
        StringBuilder s = new StringBuilder(stamp).append('.');
        while (s.length() < 64) {
            s.append('x');
        }
        return s.toString();
    }

    static Principal guest(int i) {
        return new Principal(new Username(String.format("guest-%06d", i)), true, false, "session-" + i);
    }

    /** Counts what reaches the connections; one instance for all of them, called on the benchmark's thread. */
    static final class CountingListener implements Live.DirectListener {
        long delivered;

        @Override
        public void onEvent(LiveEvent event) {
            if (event instanceof LiveEvent.Delivered) {
                delivered++;
            }
        }

        @Override
        public void onClosed(Live.Ending ending) {}
    }

    /**
     * A node with 100 connections joined to one room, made afresh each iteration: the in-memory store keeps
     * every message, and an iteration's worth (some 100,000s) is all the heap should hold.
     */
    @State(Scope.Thread)
    public static class RoomOf100 {
        final CountingListener listener = new CountingListener();
        LocalFanout fanout;
        ChatCore core;
        Live.Connection sender;
        Message template;
        long seq;
        long published;

        @Setup(Level.Iteration)
        public void start() {
            fanout = new LocalFanout();
            core = ChatCore.inMemory()
                    .fanout(fanout)
                    .messageStore(new InMemoryMessageStore())
                    .settings(ChatSettings.defaults()
                            .withRateLimitPer10s(0)
                            .withGuestsAllowed(true)
                            .withDefaultRooms(List.of(new RoomName(ROOM), new RoomName(QUIET_ROOM))))
                    .nodeName("jmh")
                    .build();
            for (int i = 0; i < MEMBERS; i++) {
                Live.Connection connection = core.live().connect(guest(i), listener);
                connection.join(RoomName.of(ROOM), null);
                if (i == 0) {
                    sender = connection;
                }
            }
            template = new Message(
                    new RoomName(ROOM),
                    1,
                    guest(0).user(),
                    new MessageText(TEXT),
                    Instant.parse("2026-12-01T10:00:00.123Z"),
                    new ClientId(STAMP_HEAD + "0"));
            listener.delivered = 0;
            seq = 0;
            published = 0;
        }

        /** A benchmark that delivered less than it should have measured something else: fail it. */
        @TearDown(Level.Iteration)
        public void stop() {
            long expected = (seq + published) * MEMBERS;
            core.close();
            if (listener.delivered != expected) {
                throw new IllegalStateException("delivered " + listener.delivered + ", expected " + expected);
            }
        }
    }

    /** A node with nobody in the room posted to. */
    @State(Scope.Thread)
    public static class QuietRoom {
        /** Dropped from the store this often, so the heap holds no more than a real server's would. */
        static final int KEEP = 1 << 16;

        final InMemoryMessageStore store = new InMemoryMessageStore();
        ChatCore core;
        Principal author;
        long seq;

        @Setup(Level.Trial)
        public void start() {
            core = ChatCore.inMemory()
                    .messageStore(store)
                    .settings(ChatSettings.defaults()
                            .withRateLimitPer10s(0)
                            .withGuestsAllowed(true)
                            .withDefaultRooms(List.of(new RoomName(QUIET_ROOM))))
                    .nodeName("jmh")
                    .build();
            author = guest(0);
        }

        @TearDown(Level.Trial)
        public void stop() {
            core.close();
        }
    }

    /**
     * What the server does for a client's {@code send}: the connection posts (validation, store append,
     * publish to the in-process fan-out), the room's hub orders the message and hands it to 100 members.
     */
    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public Messages.Posted sendToRoomOf100(RoomOf100 room) {
        return room.sender.send(RoomName.of(ROOM), MessageText.of(TEXT), new ClientId(STAMP_HEAD + room.seq++));
    }

    /** The fan-out half alone: a stored message arrives from the fan-out and goes to 100 members. */
    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public void fanOutToRoomOf100(RoomOf100 room) {
        Message t = room.template;
        room.fanout.publish(new ChatEvent.MessagePosted(
                new Message(t.room(), ++room.published, t.author(), t.text(), t.ts(), t.clientId())));
    }

    /** The post half alone: validated, stored in memory, published to a topic nobody on the node reads. */
    @Benchmark
    public Messages.Posted postToRoomNobodyReads(QuietRoom room) {
        if ((++room.seq & (QuietRoom.KEEP - 1)) == 0) {
            room.store.deleteRoom(new RoomName(QUIET_ROOM));
        }
        return room.core
                .messages()
                .post(room.author, RoomName.of(QUIET_ROOM), MessageText.of(TEXT), new ClientId(STAMP_HEAD + room.seq));
    }
}
