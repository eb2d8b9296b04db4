package dev.chat.cli.term;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Api;
import dev.chat.cli.ChatConnection;
import dev.chat.cli.CliException;
import dev.chat.cli.ClientIds;
import dev.chat.cli.Environment;
import dev.chat.cli.LineFormat;
import dev.chat.cli.Message;
import dev.chat.cli.RoomsCommand;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.ServerCommand.Session;
import dev.chat.cli.Text;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.Widget;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The interactive chat: a JLine prompt at the bottom, everything that arrives printed above it (so what the
 * user is typing is never broken), the connection kept whole by {@link ChatConnection}. Everything received
 * is neutralised by {@link Text} before it reaches the terminal.
 */
public final class TerminalChat implements ChatConnection.Listener {

    static final int HISTORY_ON_JOIN = 20;
    private static final int MAX_TEXT = 4000;
    private static final long TYPING_EVERY_MS = 2500;
    private static final long TYPING_SHOWN_MS = 8000;
    private static final AttributedStyle FAINT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle NOTE =
            AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();
    private static final List<String> COMMANDS =
            List.of("/join", "/leave", "/rooms", "/who", "/history", "/quit", "/help");

    private final Session session;
    private final Terminal terminal;
    private final LineReader reader;
    private final boolean dumb;
    private final LineFormat format = new LineFormat(ZoneId.systemDefault());
    private final ScheduledExecutorService timer;
    private ChatConnection connection;
    private String me;

    /** Rooms joined, in the order they were joined; the current one is where typed lines go. */
    private final Set<String> rooms = Collections.synchronizedSet(new LinkedHashSet<>());

    private volatile String current;
    private final Map<String, Long> oldestShown = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> typing = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> everJoined = ConcurrentHashMap.newKeySet();
    private volatile String typingShown = "";
    private volatile boolean away;
    private volatile long lastTypingSent;
    private volatile String endedWith;

    private TerminalChat(Session session, Terminal terminal) {
        this.session = session;
        this.terminal = terminal;
        this.dumb = terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat")
                .completer(new StringsCompleter(COMMANDS))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                // A sent line disappears from the prompt and comes back as the stored message, once.
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-terminal");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the chat until {@code /quit}, Ctrl-D or the session ending; {@code room} null starts with a room picker.
     * Returns the exit code.
     */
    public static int run(Session session, Environment env, String room, PrintWriter err) throws Exception {
        if (!env.interactive()) {
            throw CliException.usage(
                    "the terminal chat needs a terminal; in scripts use chat send, chat tail " + "and chat history");
        }
        try (Terminal terminal = env.terminals().open()) {
            TerminalChat chat = new TerminalChat(session, terminal);
            try {
                return chat.loop(room);
            } finally {
                chat.stop();
            }
        }
    }

    private int loop(String firstRoom) throws Exception {
        JsonNode whoami = session.api().get("/api/me");
        String user = whoami.path("username").asText(session.username());
        this.me = user;
        connection = new ChatConnection(session.api(), session.token(), user, this);
        connection.open();
        timer.scheduleAtFixedRate(this::expireTyping, 1, 1, TimeUnit.SECONDS);
        installTypingHook();
        note("Signed in to " + session.server() + " as " + Text.neutraliseLine(user) + ". /help lists the commands.");
        String room = firstRoom != null ? firstRoom : pick();
        if (room != null) {
            join(room);
        }
        while (endedWith == null) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                if (endedWith != null) {
                    break;
                }
                if (e.getPartialLine() == null || e.getPartialLine().isEmpty()) {
                    return quit();
                }
                continue;
            } catch (EndOfFileException e) {
                return quit();
            }
            if (endedWith != null) {
                break;
            }
            if (!handle(line)) {
                return quit();
            }
        }
        throw CliException.failure(endedWith);
    }

    // ---- what the user typed -------------------------------------------------------------------

    /** Returns false to quit. */
    private boolean handle(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return true;
        }
        if (text.startsWith("/") && !text.startsWith("//")) {
            String[] words = text.split("\\s+", 2);
            String arg = words.length > 1 ? words[1].strip() : "";
            switch (words[0].toLowerCase(Locale.ROOT)) {
                case "/quit", "/exit" -> {
                    return false;
                }
                case "/join" -> {
                    if (arg.isEmpty()) {
                        note("Which room? /join NAME (/rooms lists them)");
                    } else {
                        join(ServerCommand.roomName(arg));
                    }
                }
                case "/leave" -> leave();
                case "/rooms" -> listRooms();
                case "/who" -> who();
                case "/history" -> history(arg);
                case "/help" -> help();
                default -> note("Unknown command " + Text.neutraliseLine(words[0]) + "; /help lists the commands.");
            }
            return true;
        }
        send(text.startsWith("//") ? line.strip().substring(1) : line);
        return true;
    }

    private void send(String text) {
        String room = current;
        if (room == null) {
            note("Join a room first: /join NAME");
            return;
        }
        int length = text.strip().codePointCount(0, text.strip().length());
        if (length > MAX_TEXT) {
            note("Not sent: the message has " + length + " characters; at most " + MAX_TEXT + " fit.");
            return;
        }
        String clientId = ClientIds.next();
        pending.add(clientId);
        lastTypingSent = 0;
        connection.send(room, text, clientId);
        timer.schedule(
                () -> {
                    if (pending.contains(clientId)) {
                        note("Sending… (your message goes out as soon as the connection is back)");
                    }
                },
                2,
                TimeUnit.SECONDS);
    }

    private void join(String room) {
        if (rooms.contains(room)) {
            current = room;
            note("Now in #" + room + ".");
        } else {
            rooms.add(room);
            current = room;
            connection.follow(room, HISTORY_ON_JOIN);
        }
        refreshPrompt();
    }

    private void leave() {
        String room = current;
        if (room == null) {
            note("You are in no room.");
            return;
        }
        boolean left = connection.leave(room).join();
        if (!left) {
            note("A message to #" + room + " is not sent yet; /leave again once it is.");
            return;
        }
        rooms.remove(room);
        typing.remove(room);
        current = lastRoom();
        note("Left #" + room + "." + (current == null ? " /join NAME to chat again." : " Now in #" + current + "."));
        refreshPrompt();
    }

    private void listRooms() {
        try {
            JsonNode answer = session.api().rooms();
            show(new AttributedString(RoomsCommand.table(answer.path("rooms")).stripTrailing()));
        } catch (CliException e) {
            note(e.getMessage());
        }
    }

    private void who() {
        String room = current;
        if (room == null) {
            note("You are in no room.");
            return;
        }
        List<String> online = connection.online(room).join();
        note("In #" + room + ": "
                + (online.isEmpty()
                        ? "nobody (yet)"
                        : String.join(
                                ", ", online.stream().map(Text::neutraliseLine).toList())));
    }

    /** Pages back: each call shows the messages just before the oldest one on screen. */
    private void history(String arg) {
        String room = current;
        if (room == null) {
            note("You are in no room.");
            return;
        }
        int n;
        try {
            n = arg.isEmpty() ? HISTORY_ON_JOIN : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            note("/history takes a number, like /history 50");
            return;
        }
        n = Math.max(1, Math.min(100, n));
        Long before = oldestShown.get(room);
        try {
            JsonNode page = session.api()
                    .get("/api/rooms/" + Api.segment(room) + "/messages?limit=" + n
                            + (before == null ? "" : "&before=" + before));
            List<Message> messages = new ArrayList<>();
            page.path("messages").forEach(m -> messages.add(Message.from(m)));
            if (messages.isEmpty()) {
                note("Nothing earlier in #" + room + ".");
                return;
            }
            Collections.reverse(messages);
            note("Earlier in #" + room + (page.path("more").asBoolean(false) ? " (/history for more)" : " (the start)")
                    + ":");
            for (Message m : messages) {
                show(render(m));
            }
            oldestShown.merge(room, messages.get(0).id(), Math::min);
        } catch (CliException e) {
            note(e.getMessage());
        }
    }

    private void help() {
        note("Type a message and press Enter to send it to the current room.");
        note("/join ROOM  /leave  /rooms  /who  /history [N]  /quit   (//text sends a line starting with /)");
    }

    /** Lists the rooms and asks for one by number or name; null when there are none or none is chosen. */
    private String pick() {
        JsonNode list;
        try {
            list = session.api().rooms().path("rooms");
        } catch (CliException e) {
            note(e.getMessage());
            return null;
        }
        if (list.isEmpty()) {
            note("There are no rooms yet.");
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode room : list) {
            names.add(room.path("name").asText());
            String topic = room.path("topic").asText("");
            show(new AttributedStringBuilder()
                    .append(String.format("%3d  ", names.size()))
                    .style(AttributedStyle.BOLD)
                    .append(Text.neutraliseLine(room.path("name").asText()))
                    .style(AttributedStyle.DEFAULT)
                    .append("  " + room.path("online").asInt() + " online")
                    .style(FAINT)
                    .append(topic.isEmpty() ? "" : "  " + Text.neutraliseLine(topic))
                    .toAttributedString());
        }
        String fallback = names.contains("general") ? "general" : names.get(0);
        while (true) {
            String answer;
            try {
                answer = reader.readLine("Room (number or name, Enter for " + fallback + "): ")
                        .strip();
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            }
            if (answer.isEmpty()) {
                return fallback;
            }
            if (answer.matches("\\d+")) {
                int i = Integer.parseInt(answer);
                if (i >= 1 && i <= names.size()) {
                    return names.get(i - 1);
                }
                note("Pick a number from 1 to " + names.size() + ".");
                continue;
            }
            return ServerCommand.roomName(answer);
        }
    }

    private int quit() throws InterruptedException {
        long until = System.currentTimeMillis() + 5000;
        if (!pending.isEmpty()) {
            note("Waiting for " + pending.size() + " message(s) to be stored…");
        }
        while (!pending.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        if (!pending.isEmpty()) {
            throw CliException.failure(pending.size() + " message(s) were not sent");
        }
        return 0;
    }

    private void stop() {
        timer.shutdownNow();
        if (connection != null) {
            connection.close();
        }
    }

    /** Tells the others the user is typing, at most every 2.5 s; an emptied line says they stopped. */
    private void installTypingHook() {
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

    private void typed(String buffer) {
        String room = current;
        if (room == null || connection == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (buffer.isBlank() || buffer.startsWith("/")) {
            if (lastTypingSent != 0) {
                connection.typing(room, true);
                lastTypingSent = 0;
            }
        } else if (now - lastTypingSent > TYPING_EVERY_MS) {
            connection.typing(room, false);
            lastTypingSent = now;
        }
    }

    // ---- what the connection reports (on its own thread) ----------------------------------------

    @Override
    public void disconnected(Duration retryIn, int attempt) {
        away = true;
        typing.clear();
        refreshTyping();
        note(
                attempt == 1
                        ? "Connection lost; reconnecting…"
                        : String.format(
                                Locale.ROOT,
                                "Still away; next try in %.0f s.",
                                Math.ceil(retryIn.toMillis() / 1000.0)));
    }

    @Override
    public void joined(String room, List<String> online) {
        if (away) {
            away = false;
            note("Reconnected.");
        }
        if (everJoined.add(room)) {
            List<String> others = online.stream()
                    .filter(u -> !u.equals(me))
                    .map(Text::neutraliseLine)
                    .toList();
            note("You are in #" + room
                    + (others.isEmpty() ? "; nobody else is here." : " with " + String.join(", ", others) + "."));
        }
    }

    @Override
    public void message(Message m, boolean earlier) {
        oldestShown.merge(m.room(), m.id(), Math::min);
        Map<String, Long> who = typing.get(m.room());
        if (who != null && who.remove(m.user()) != null) {
            refreshTyping();
        }
        show(render(m));
    }

    @Override
    public void sent(String room, String clientId, long id, java.time.Instant ts) {
        pending.remove(clientId);
    }

    @Override
    public void sendFailed(String room, String clientId, String code, String message) {
        pending.remove(clientId);
        note("Not sent to #" + room + ": " + Text.neutraliseLine(message));
    }

    @Override
    public void missed(String room, long from, long to) {
        note("Messages " + from + " to " + to + " of #" + room + " were skipped after a long disconnection "
                + "(chat history " + room + " --before " + (to + 1) + ").");
    }

    @Override
    public void presence(String room, String user, boolean online) {
        note(Text.neutraliseLine(user) + (online ? " joined #" : " left #") + room + ".");
        if (!online) {
            Map<String, Long> who = typing.get(room);
            if (who != null && who.remove(user) != null) {
                refreshTyping();
            }
        }
    }

    @Override
    public void typing(String room, String user, boolean stop) {
        Map<String, Long> who = typing.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
        if (stop) {
            who.remove(user);
        } else {
            who.put(user, System.currentTimeMillis() + TYPING_SHOWN_MS);
        }
        refreshTyping();
    }

    @Override
    public void deleted(String room, long id) {
        note("A message in #" + room + " was deleted by an admin (id " + id + ").");
    }

    @Override
    public void roomClosed(String room, String renamedTo) {
        rooms.remove(room);
        typing.remove(room);
        if (renamedTo != null) {
            String name = Text.neutraliseLine(renamedTo);
            rooms.add(renamedTo);
            everJoined.add(renamedTo);
            if (room.equals(current)) {
                current = renamedTo;
            }
            note("#" + room + " is now called #" + name + ".");
        } else {
            if (room.equals(current)) {
                current = lastRoom();
            }
            note("#" + room + " was deleted by an admin." + (current == null ? " /join NAME to chat elsewhere." : ""));
        }
        refreshPrompt();
    }

    @Override
    public void roomFailed(String room, String code, String message) {
        rooms.remove(room);
        if (room.equals(current)) {
            current = lastRoom();
        }
        note(Text.neutraliseLine(message));
        refreshPrompt();
    }

    @Override
    public void notice(String message) {
        note(Text.neutraliseLine(message));
    }

    @Override
    public void ended(ChatConnection.Ending ending) {
        endedWith = ending == ChatConnection.Ending.BANNED
                ? "this account is banned on " + session.server()
                : "signed out: the session ended; sign in again: chat login --server " + session.server();
        note(ending == ChatConnection.Ending.BANNED ? "This account was banned." : "You were signed out.");
        // Wakes the prompt up: JLine turns an interrupt signal into UserInterruptException in readLine.
        terminal.raise(Terminal.Signal.INT);
    }

    // ---- screen --------------------------------------------------------------------------------

    AttributedString render(Message m) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (!m.room().equals(current)) {
            sb.style(FAINT).append("#").append(Text.neutraliseLine(m.room())).append(" ");
        }
        String time = format.time(m.ts());
        String user = Text.neutraliseLine(m.user());
        sb.style(FAINT).append(time).style(AttributedStyle.DEFAULT).append(" ");
        sb.style(Palette.styleOf(m.user(), m.user().equals(me))).append(user);
        sb.style(AttributedStyle.DEFAULT).append(": ");
        int indent = sb.columnLength();
        sb.append(LineFormat.indent(Text.neutralise(m.text()), indent));
        return sb.toAttributedString();
    }

    private void note(String text) {
        show(new AttributedStringBuilder()
                .style(NOTE)
                .append("-- ")
                .append(text)
                .toAttributedString());
    }

    private void show(AttributedString line) {
        reader.printAbove(line);
    }

    private String prompt() {
        String room = current;
        return room == null ? "> " : "#" + room + "> ";
    }

    /** Shows a changed room in the prompt while the user is typing. */
    private void refreshPrompt() {
        redraw(() -> ((LineReaderImpl) reader).setPrompt(prompt()));
    }

    private void expireTyping() {
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
        String room = current;
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
            redraw(() -> ((LineReaderImpl) reader).setRightPrompt(new AttributedString(text, FAINT).toAnsi(terminal)));
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

    private String lastRoom() {
        synchronized (rooms) {
            String last = null;
            for (String r : rooms) {
                last = r;
            }
            return last;
        }
    }
}
