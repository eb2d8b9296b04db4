package dev.chat.cli.term;

import dev.chat.cli.CliException;
import dev.chat.client.ChatClient;
import dev.chat.client.ClientIds;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the user sends, messages and replies, until the server has stored each: a note when one waits for the
 * connection, and {@code /quit} waiting (up to 5 s) for the last ones.
 */
final class Outgoing {

    private static final int MAX_TEXT = 4000;

    private final Supplier<ChatClient> connection;
    private final Screen screen;
    private final ChatRooms rooms;
    private final TypingSignal typingSignal;
    private final ScheduledExecutorService timer;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    Outgoing(
            Supplier<ChatClient> connection,
            Screen screen,
            ChatRooms rooms,
            TypingSignal typingSignal,
            ScheduledExecutorService timer) {
        this.connection = connection;
        this.screen = screen;
        this.rooms = rooms;
        this.typingSignal = typingSignal;
        this.timer = timer;
    }

    /** Sends the text to the current room, as a reply to the message {@code replyTo} unless it is null. */
    void send(String text, Long replyTo) {
        String room = rooms.current();
        if (room == null) {
            screen.note("Join a room first: /join NAME");
            return;
        }
        int length = text.strip().codePointCount(0, text.strip().length());
        if (length > MAX_TEXT) {
            screen.note("Not sent: the message has " + length + " characters; at most " + MAX_TEXT + " fit.");
            return;
        }
        String clientId = ClientIds.next();
        pending.add(clientId);
        typingSignal.sent();
        if (replyTo == null) {
            connection.get().send(room, text, clientId);
        } else {
            connection.get().reply(room, replyTo, text, clientId);
        }
        timer.schedule(
                () -> {
                    if (pending.contains(clientId)) {
                        screen.note("Sending… (your message goes out as soon as the connection is back)");
                    }
                },
                2,
                TimeUnit.SECONDS);
    }

    /** The send is stored, or refused for good. */
    void stored(String clientId) {
        pending.remove(clientId);
    }

    /** Waits up to 5 s for what is not stored yet; fails if some is still not. */
    void awaitStored() throws InterruptedException {
        long until = System.currentTimeMillis() + 5000;
        if (!pending.isEmpty()) {
            screen.note("Waiting for " + pending.size() + " message(s) to be stored…");
        }
        while (!pending.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        if (!pending.isEmpty()) {
            throw CliException.failure(pending.size() + " message(s) were not sent");
        }
    }
}
