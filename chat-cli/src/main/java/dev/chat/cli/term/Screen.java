package dev.chat.cli.term;

import dev.chat.cli.LineFormat;
import dev.chat.cli.Text;
import dev.chat.client.Message;
import dev.chat.client.Reaction;
import dev.chat.client.Reactions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * What the terminal chat shows: lines printed above the prompt (messages with their Markdown styled, notes), the
 * prompt with the current room, and who is typing there, on the right of the input line or, on a dumb terminal, once
 * as a note. Without colour (NO_COLOR) nothing it shows carries a colour or a style.
 */
final class Screen {

    static final AttributedStyle FAINT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle NOTE =
            AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();
    private static final AttributedStyle MENTION =
            AttributedStyle.DEFAULT.inverse().bold();
    private static final long TYPING_SHOWN_MS = 8000;
    private static final int SNIPPET = 40;

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean dumb;
    private final boolean colour;
    private final ChatRooms rooms;
    private final LineFormat format = new LineFormat(ZoneId.systemDefault());
    /** Who is typing, by room, and until when it is shown. */
    private final Map<String, Map<String, Long>> typing = new ConcurrentHashMap<>();

    private volatile String typingShown = "";

    Screen(Terminal terminal, LineReader reader, ChatRooms rooms, boolean colour) {
        this.terminal = terminal;
        this.reader = reader;
        this.rooms = rooms;
        this.colour = colour;
        this.dumb = terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB);
    }

    AttributedString render(Message m) {
        return render(m, false);
    }

    /**
     * {@code [#room] ID HH:MM name: text}: the id, faint, is what {@code /edit}, {@code /reply} and the others take; an
     * edited message ends with a faint "(edited)", one with reactions with them ("👍 2"). A bot's name is followed by
     * a faint "[bot]", and by the name an incoming webhook's request gave ("ci (via webhook)"), as the web page shows
     * them. A message that mentions the user has its head (up to the name) in reverse video.
     */
    AttributedString render(Message m, boolean mention) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        AttributedStyle faint = mention ? MENTION : FAINT;
        if (!m.room().equals(rooms.current())) {
            sb.style(faint).append(rooms.label(m.room())).append(" ");
        }
        String time = format.time(m.ts());
        String user = Text.neutraliseLine(m.user());
        sb.style(faint).append(String.valueOf(m.id())).append(" ").append(time);
        sb.style(mention ? MENTION : AttributedStyle.DEFAULT).append(" ");
        AttributedStyle name = Palette.styleOf(m.user(), m.user().equals(rooms.me()));
        sb.style(mention ? name.inverse() : name).append(user);
        if (m.bot()) {
            sb.style(faint).append(" [bot]");
        }
        if (m.via() != null) {
            sb.style(faint).append(" " + Text.neutraliseLine(m.via()) + " (via webhook)");
        }
        sb.style(mention ? MENTION : AttributedStyle.DEFAULT).append(":");
        sb.style(AttributedStyle.DEFAULT).append(" ");
        int indent = sb.columnLength();
        sb.append(Markdown.render(m.text(), indent, colour));
        if (m.isEdited()) {
            sb.style(FAINT).append(" (edited)");
        }
        if (!m.reactions().isEmpty()) {
            sb.style(FAINT).append("  ").append(reactions(m.reactions()));
        }
        return sb.toAttributedString();
    }

    /** {@code 👍 2  ❤️ 1}. */
    static String reactions(Reactions reactions) {
        List<String> each = new ArrayList<>();
        for (Reaction r : reactions) {
            each.add(Text.neutraliseLine(r.emoji()) + " " + r.count());
        }
        return String.join("  ", each);
    }

    /** {@code bob: the start of the text…}, one line, for a note about the message. */
    static String snippet(Message m) {
        String text = Text.neutraliseLine(m.text().strip().replaceAll("\\s+", " "));
        if (text.codePointCount(0, text.length()) > SNIPPET) {
            text = text.substring(0, text.offsetByCodePoints(0, SNIPPET)) + "…";
        }
        return Text.neutraliseLine(m.user()) + ": " + text;
    }

    /** A faint line that is no note, such as the one above a reply. */
    void faint(String text) {
        show(new AttributedString(text, FAINT));
    }

    /** Rings the terminal's bell (BEL): the terminal decides how, a sound, a flash or an urgent window. */
    void bell() {
        terminal.puts(InfoCmp.Capability.bell);
        terminal.flush();
    }

    void note(String text) {
        show(new AttributedStringBuilder()
                .style(NOTE)
                .append("-- ")
                .append(text)
                .toAttributedString());
    }

    /**
     * Prints the line above the prompt. Without colour it goes as plain text: no style (names, times, notes, Markdown),
     * and no alternate character set either, which JLine would switch to for the quote bar.
     */
    void show(AttributedString line) {
        if (colour) {
            reader.printAbove(line);
        } else {
            reader.printAbove(line.toString());
        }
    }

    String prompt() {
        String room = rooms.current();
        return room == null ? "> " : rooms.label(room) + "> ";
    }

    /** Shows a changed room in the prompt while the user is typing. */
    void refreshPrompt() {
        redraw(() -> ((LineReaderImpl) reader).setPrompt(prompt()));
    }

    /** Someone started (or, with {@code stop}, stopped) typing in the room. */
    void typing(String room, String user, boolean stop) {
        Map<String, Long> who = typing.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
        if (stop) {
            who.remove(user);
        } else {
            who.put(user, System.currentTimeMillis() + TYPING_SHOWN_MS);
        }
        refreshTyping();
    }

    /** The user is no longer typing in the room (their message came, or they left). */
    void stoppedTyping(String room, String user) {
        Map<String, Long> who = typing.get(room);
        if (who != null && who.remove(user) != null) {
            refreshTyping();
        }
    }

    /** Forgets who was typing in the room (left, closed), or everywhere with {@code room} null (a drop). */
    void forgetTyping(String room) {
        if (room == null) {
            typing.clear();
            refreshTyping();
        } else {
            typing.remove(room);
        }
    }

    /** Drops who stopped typing without saying so; run every second. */
    void expireTyping() {
        long now = System.currentTimeMillis();
        boolean changed = false;
        for (Map<String, Long> who : typing.values()) {
            changed |= who.values().removeIf(until -> until < now);
        }
        if (changed) {
            refreshTyping();
        }
    }

    /**
     * "bob is typing…" for the current room: on the right of the input line where the terminal can show it,
     * else printed above the prompt once when it starts.
     */
    private void refreshTyping() {
        String room = rooms.current();
        Map<String, Long> who = room == null ? null : typing.get(room);
        List<String> names = who == null
                ? List.of()
                : who.keySet().stream().sorted().map(Text::neutraliseLine).toList();
        String text = names.isEmpty()
                ? ""
                : names.size() == 1
                        ? names.get(0) + " is typing…"
                        : names.size() <= 3 ? String.join(", ", names) + " are typing…" : "several people are typing…";
        if (text.equals(typingShown)) {
            return;
        }
        typingShown = text;
        if (dumb) {
            if (!text.isEmpty()) {
                note(text);
            }
        } else {
            redraw(() -> ((LineReaderImpl) reader)
                    .setRightPrompt(colour ? new AttributedString(text, FAINT).toAnsi(terminal) : text));
        }
    }

    private void redraw(Runnable change) {
        change.run();
        if (reader.isReading()) {
            try {
                reader.callWidget(LineReader.REDRAW_LINE);
                reader.callWidget(LineReader.REDISPLAY);
            } catch (IllegalStateException e) {
                // readLine returned in between: the next prompt shows the change.
            }
        }
    }
}
