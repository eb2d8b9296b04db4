package dev.chat.cli.term;

import dev.chat.client.ChatClient;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.reader.Widget;

/** Tells the others the user is typing, at most every 2.5 s; an emptied line (or a command) says they stopped. */
final class TypingSignal {

    private static final long EVERY_MS = 2500;

    private final LineReader reader;
    private final Supplier<String> currentRoom;
    private final Supplier<ChatClient> connection;
    private volatile long lastSent;

    TypingSignal(LineReader reader, Supplier<String> currentRoom, Supplier<ChatClient> connection) {
        this.reader = reader;
        this.currentRoom = currentRoom;
        this.connection = connection;
    }

    /** Watches what the user types into the line. */
    void install() {
        Map<String, Widget> widgets = reader.getWidgets();
        for (String name : List.of(LineReader.SELF_INSERT, LineReader.BACKWARD_DELETE_CHAR)) {
            Widget original = widgets.get(name);
            if (original == null) {
                continue;
            }
            widgets.put(name, () -> {
                boolean done = original.apply();
                typed(reader.getBuffer().toString());
                return done;
            });
        }
    }

    /** A line was sent: the server takes that as the end of typing. */
    void sent() {
        lastSent = 0;
    }

    private void typed(String buffer) {
        String room = currentRoom.get();
        ChatClient chat = connection.get();
        if (room == null || chat == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (buffer.isBlank() || buffer.startsWith("/")) {
            if (lastSent != 0) {
                chat.typing(room, true);
                lastSent = 0;
            }
        } else if (now - lastSent > EVERY_MS) {
            chat.typing(room, false);
            lastSent = now;
        }
    }
}
