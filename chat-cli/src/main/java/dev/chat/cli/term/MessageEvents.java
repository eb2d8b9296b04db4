package dev.chat.cli.term;

import dev.chat.cli.Text;
import dev.chat.client.Message;
import dev.chat.client.MessageChange;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How messages and their changes show in a scrolling terminal, where a line once printed stays: a reply gets a faint
 * "↪ replying to" line above it; an edit prints the message again, below, ending "(edited)"; a deletion and a change
 * of reactions are notes naming the message by id and its first words; a message that calls the user by name is
 * highlighted, and rings the bell, in whatever room it was written.
 */
final class MessageEvents {

    private final Screen screen;
    private final ChatRooms rooms;
    private final ShownMessages shown;
    private final boolean bell;
    /** Mentions the server reported ({@code room/id}), and messages shown highlighted: each is highlighted once. */
    private final Set<String> mentioned = ConcurrentHashMap.newKeySet();

    private final Set<String> highlighted = ConcurrentHashMap.newKeySet();

    MessageEvents(Screen screen, ChatRooms rooms, ShownMessages shown, boolean bell) {
        this.screen = screen;
        this.rooms = rooms;
        this.shown = shown;
        this.bell = bell;
    }

    void message(Message m) {
        if (m.isReply()) {
            screen.faint("  ↪ replying to "
                    + shown.get(m.room(), m.replyTo())
                            .map(to -> to.id() + " " + Screen.snippet(to))
                            .orElse("message " + m.replyTo()));
        }
        shown.put(m);
        screen.show(screen.render(m, highlight(m)));
    }

    void edited(MessageChange.Edited edit) {
        Optional<Message> before = shown.get(edit.room(), edit.id());
        if (before.isEmpty()) {
            screen.note("Message " + edit.id() + " in " + rooms.label(edit.room()) + " was edited: "
                    + Text.neutraliseLine(edit.text()));
            return;
        }
        Message now = before.get().apply(edit).orElse(before.get());
        shown.put(now);
        screen.show(screen.render(now, highlight(now)));
    }

    void deleted(String room, long id) {
        Optional<Message> gone = shown.get(room, id);
        shown.remove(room, id);
        screen.note(gone.map(m -> "Deleted: " + id + " " + Screen.snippet(m))
                .orElse("Message " + id + " in " + rooms.label(room) + " was deleted."));
    }

    void reactionsChanged(MessageChange.ReactionsChanged change) {
        String now = change.reactions().isEmpty() ? "no reactions" : Screen.reactions(change.reactions());
        Optional<Message> before = shown.get(change.room(), change.id());
        before.flatMap(m -> m.apply(change)).ifPresent(shown::put);
        screen.faint("  " + change.id() + " " + now
                + before.map(m -> "  ← " + Screen.snippet(m)).orElse(" (in " + rooms.label(change.room()) + ")"));
    }

    /**
     * The server says the message calls the user by name: the bell rings; the message shows highlighted, now if it
     * is not on its way here anyway (a room not open, or a message shown before it was edited to name the user).
     */
    void mentioned(Message m) {
        if (bell) {
            screen.bell();
        }
        String key = key(m);
        if (highlighted.contains(key)) {
            return;
        }
        mentioned.add(key);
        if (rooms.isJoined(m.room()) && shown.get(m.room(), m.id()).isEmpty()) {
            return;
        }
        highlighted.add(key);
        screen.show(screen.render(m, true));
    }

    /** Whether the message calls the user: the server said so already, or the text names them as {@code @name}. */
    private boolean highlight(Message m) {
        String me = rooms.me();
        boolean mention = !m.user().equals(me)
                && (mentioned.contains(key(m))
                        || me != null
                                && Pattern.compile(
                                                "(?<![\\p{L}\\p{N}_.@-])@" + Pattern.quote(me) + "(?![\\p{L}\\p{N}_-])",
                                                Pattern.CASE_INSENSITIVE)
                                        .matcher(m.text())
                                        .find());
        if (mention) {
            highlighted.add(key(m));
        }
        return mention;
    }

    private static String key(Message m) {
        return m.room() + "/" + m.id();
    }
}
