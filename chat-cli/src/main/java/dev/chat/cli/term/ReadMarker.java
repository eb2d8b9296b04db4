package dev.chat.cli.term;

import dev.chat.client.ChatClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Moves the user's read marker of the current room up to everything shown of it, at most once a second: the terminal
 * prints the newest messages as they come, so what the current room shows has been put before the user's eyes.
 * Refusals (a guest keeps no read state) are ignored.
 */
final class ReadMarker {

    static final long DELAY_MS = 1000;

    private final ScheduledExecutorService timer;
    private final Supplier<ChatClient> connection;
    private final ChatRooms rooms;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    ReadMarker(ScheduledExecutorService timer, Supplier<ChatClient> connection, ChatRooms rooms) {
        this.timer = timer;
        this.connection = connection;
        this.rooms = rooms;
    }

    /** Something of the room was shown; if it is the current room, it is read (soon). */
    void shown(String room) {
        if (room.equals(rooms.current()) && scheduled.compareAndSet(false, true)) {
            timer.schedule(this::mark, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void mark() {
        scheduled.set(false);
        String room = rooms.current();
        ChatClient client = connection.get();
        if (room != null && client != null) {
            client.markRead(room).exceptionally(e -> null);
        }
    }
}
