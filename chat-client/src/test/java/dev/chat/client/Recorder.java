package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A listener that keeps every event as a typed record, for a test to wait for; bounded waits only. */
final class Recorder implements ChatListener {

    static final Duration WITHIN = Duration.ofSeconds(15);

    record Connected() {}

    record Disconnected(Duration retryIn, int attempt) {}

    record Joined(String room, List<String> online) {}

    record Received(Message message, boolean earlier) {}

    record Missed(String room, long from, long to) {}

    record Sent(String room, String clientId, long id, Instant ts) {}

    record SendFailed(String room, String clientId, String code, String message) {}

    record Presence(String room, String user, boolean online) {}

    record Typing(String room, String user, boolean stop) {}

    record Deleted(String room, long id) {}

    record Edited(MessageChange.Edited edit) {}

    record ReactionsChanged(MessageChange.ReactionsChanged change) {}

    record Mentioned(Message message) {}

    record ReadStateChanged(ReadState state) {}

    record RoomClosed(String room, String renamedTo) {}

    record RoomAdded(RoomInfo room) {}

    record Ended(Ending ending) {}

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<Object> seen = new ArrayList<>();

    /** The next event of the type that matches, skipping others (kept in {@link #seen()}). */
    <T> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
        return await(type, match, WITHIN);
    }

    <T> T await(Class<T> type, Predicate<T> match, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            assertThat(event)
                    .as("a %s within %s; seen: %s", type.getSimpleName(), within, seen)
                    .isNotNull();
            seen.add(event);
            if (type.isInstance(event) && match.test(type.cast(event))) {
                return type.cast(event);
            }
        }
    }

    <T> T await(Class<T> type) throws InterruptedException {
        return await(type, e -> true);
    }

    /** Every event taken so far, in order. */
    List<Object> seen() {
        return seen;
    }

    /** Every event so far, in order: those taken, then those still waiting (taken now). */
    List<Object> drain() {
        events.drainTo(seen);
        return seen;
    }

    @Override
    public void connected() {
        events.add(new Connected());
    }

    @Override
    public void disconnected(Duration retryIn, int attempt) {
        events.add(new Disconnected(retryIn, attempt));
    }

    @Override
    public void joined(String room, List<String> online) {
        events.add(new Joined(room, online));
    }

    @Override
    public void message(Message message, boolean earlier) {
        events.add(new Received(message, earlier));
    }

    @Override
    public void missed(String room, long from, long to) {
        events.add(new Missed(room, from, to));
    }

    @Override
    public void sent(String room, String clientId, long id, Instant ts) {
        events.add(new Sent(room, clientId, id, ts));
    }

    @Override
    public void sendFailed(String room, String clientId, String code, String message) {
        events.add(new SendFailed(room, clientId, code, message));
    }

    @Override
    public void presence(String room, String user, boolean online) {
        events.add(new Presence(room, user, online));
    }

    @Override
    public void typing(String room, String user, boolean stop) {
        events.add(new Typing(room, user, stop));
    }

    @Override
    public void deleted(String room, long id) {
        events.add(new Deleted(room, id));
    }

    @Override
    public void edited(MessageChange.Edited edit) {
        events.add(new Edited(edit));
    }

    @Override
    public void reactionsChanged(MessageChange.ReactionsChanged change) {
        events.add(new ReactionsChanged(change));
    }

    @Override
    public void mentioned(Message message) {
        events.add(new Mentioned(message));
    }

    @Override
    public void readState(ReadState state) {
        events.add(new ReadStateChanged(state));
    }

    @Override
    public void roomClosed(String room, String renamedTo) {
        events.add(new RoomClosed(room, renamedTo));
    }

    @Override
    public void roomAdded(RoomInfo room) {
        events.add(new RoomAdded(room));
    }

    @Override
    public void ended(Ending ending) {
        events.add(new Ended(ending));
    }
}
