package dev.chat.cli.term;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.CliException;
import dev.chat.cli.Environment;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.ServerCommand.Session;
import dev.chat.cli.Text;
import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.Message;
import dev.chat.client.MessageChange;
import dev.chat.client.RoomInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

/**
 * The interactive chat: a JLine prompt at the bottom, everything that arrives printed above it (so what the
 * user is typing is never broken), the connection kept whole by {@link ChatClient}. Everything received
 * is neutralised by {@link Text} before it reaches the terminal.
 */
public final class TerminalChat implements ChatListener {

    static final int HISTORY_ON_JOIN = 20;
    private static final List<String> COMMANDS = List.of(
            "/join",
            "/leave",
            "/rooms",
            "/who",
            "/history",
            "/edit",
            "/delete",
            "/react",
            "/unreact",
            "/reply",
            "/quit",
            "/help");

    private final Session session;
    private final Terminal terminal;
    private final LineReader reader;
    private final Screen screen;
    private final TypingSignal typingSignal;
    private final Lookups lookups;
    private final ScheduledExecutorService timer;
    private final ChatRooms rooms = new ChatRooms();
    private final ShownMessages shown = new ShownMessages();
    private final MessageEvents events;
    private final MessageCommands commands;
    private final ReadMarker readMarker;
    private ChatClient connection;
    private final Outgoing outgoing;
    private volatile boolean away;
    private volatile String endedWith;

    private TerminalChat(Session session, Terminal terminal, boolean colour, boolean bell) {
        this.session = session;
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat")
                .completer(new StringsCompleter(COMMANDS))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // JLine marks a line left unfinished with a grey '~', a colour that NO_COLOR rules out; every line
                // printed here ends with a newline, so the prompt starts on a fresh line without it.
                .option(LineReader.Option.AUTO_FRESH_LINE, colour)
                // A sent line disappears from the prompt and comes back as the stored message, once.
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .build();
        this.screen = new Screen(terminal, reader, rooms, colour);
        this.typingSignal = new TypingSignal(reader, rooms::current, () -> connection);
        this.lookups = new Lookups(session.api(), screen, rooms, () -> connection);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-terminal");
            t.setDaemon(true);
            return t;
        });
        this.events = new MessageEvents(screen, rooms, shown, bell);
        this.outgoing = new Outgoing(() -> connection, screen, rooms, typingSignal, timer);
        this.commands = new MessageCommands(() -> connection, reader, screen, rooms, shown, outgoing::send);
        this.readMarker = new ReadMarker(timer, () -> connection, rooms);
    }

    /**
     * Runs the chat until {@code /quit}, Ctrl-D or the session ending; {@code room} null starts with a room picker.
     * {@code bell} false (or CHAT_NO_BELL set): mentions do not ring the bell. Returns the exit code.
     */
    public static int run(Session session, Environment env, String room, boolean bell, PrintWriter err)
            throws Exception {
        needTerminal(env);
        try (Terminal terminal = env.terminals().open()) {
            TerminalChat chat = new TerminalChat(
                    session,
                    terminal,
                    env.colour(),
                    bell && env.variable("CHAT_NO_BELL").isEmpty());
            try {
                return chat.loop(room);
            } finally {
                chat.stop();
            }
        }
    }

    /** A usage error (exit 2) where there is no terminal to chat in. */
    static void needTerminal(Environment env) {
        if (!env.interactive()) {
            throw CliException.usage(
                    "the terminal chat needs a terminal; in scripts use chat send, chat tail and chat history");
        }
    }

    private int loop(String firstRoom) throws Exception {
        JsonNode whoami = session.api().get("/api/me");
        String user = whoami.path("username").asText(session.username());
        rooms.me(user);
        connection = new ChatClient(session.api().client(), user, this);
        connection.open();
        timer.scheduleAtFixedRate(screen::expireTyping, 1, 1, TimeUnit.SECONDS);
        typingSignal.install();
        screen.note("Signed in to " + session.server() + " as " + Text.neutraliseLine(user)
                + ". /help lists the commands.");
        String room = firstRoom;
        if (room == null) {
            room = RoomPicker.pick(session.api(), rooms, screen, reader);
        } else {
            lookups.learnRooms();
        }
        if (room != null) {
            join(room);
        }
        while (endedWith == null) {
            String line;
            try {
                line = reader.readLine(screen.prompt(), null, commands.takePrefill());
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
                        screen.note("Which room? /join NAME, or /join @USER for a direct conversation");
                    } else if (arg.startsWith("@")) {
                        lookups.openDirect(arg).ifPresent(this::join);
                    } else {
                        join(ServerCommand.roomName(arg));
                    }
                }
                case "/leave" -> leave();
                case "/rooms" -> lookups.rooms();
                case "/who" -> lookups.who(rooms.current());
                case "/history" -> lookups.history(rooms.current(), arg);
                case "/help" -> help();
                default -> {
                    if (!commands.handle(words[0].toLowerCase(Locale.ROOT), arg)) {
                        screen.note("Unknown command " + Text.neutraliseLine(words[0]) + "; /help lists the commands.");
                    }
                }
            }
            return true;
        }
        outgoing.send(text.startsWith("//") ? line.strip().substring(1) : line, null);
        return true;
    }

    private void join(String room) {
        if (rooms.isJoined(room)) {
            rooms.enter(room);
            screen.note("Now in " + rooms.label(room) + ".");
            readMarker.shown(room);
        } else {
            rooms.enter(room);
            connection.follow(room, HISTORY_ON_JOIN);
        }
        screen.refreshPrompt();
    }

    private void leave() {
        String room = rooms.current();
        if (room == null) {
            screen.note("You are in no room.");
            return;
        }
        boolean left = connection.leave(room).join();
        if (!left) {
            screen.note("A message to " + rooms.label(room) + " is not sent yet; /leave again once it is.");
            return;
        }
        rooms.remove(room);
        screen.forgetTyping(room);
        String now = rooms.current();
        screen.note("Left " + rooms.label(room) + "."
                + (now == null ? " /join NAME to chat again." : " Now in " + rooms.label(now) + "."));
        screen.refreshPrompt();
    }

    private void help() {
        screen.note("Type a message and press Enter to send it to the current room.");
        screen.note("/join ROOM  /join @USER  /leave  /rooms  /who  /history [N]  /quit   (//text sends a line "
                + "starting with /)");
        screen.note(MessageCommands.USAGE + "   (ID: the number in front of a message; /edit alone: your last)");
    }

    private int quit() throws InterruptedException {
        outgoing.awaitStored();
        return 0;
    }

    private void stop() {
        timer.shutdownNow();
        if (connection != null) {
            connection.close();
        }
    }

    // ---- what the connection reports (on its own thread) ----------------------------------------

    @Override
    public void disconnected(Duration retryIn, int attempt) {
        away = true;
        screen.forgetTyping(null);
        screen.note(
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
            screen.note("Reconnected.");
        }
        if (rooms.firstJoined(room)) {
            List<String> others = online.stream()
                    .filter(u -> !u.equals(rooms.me()))
                    .map(Text::neutraliseLine)
                    .toList();
            screen.note("You are in " + rooms.label(room)
                    + (others.isEmpty() ? "; nobody else is here." : " with " + String.join(", ", others) + "."));
        }
    }

    @Override
    public void message(Message m, boolean earlier) {
        lookups.shown(m);
        screen.stoppedTyping(m.room(), m.user());
        events.message(m);
        readMarker.shown(m.room());
    }

    @Override
    public void edited(MessageChange.Edited edit) {
        events.edited(edit);
    }

    @Override
    public void reactionsChanged(MessageChange.ReactionsChanged change) {
        events.reactionsChanged(change);
    }

    @Override
    public void mentioned(Message m) {
        events.mentioned(m);
    }

    @Override
    public void sent(String room, String clientId, long id, java.time.Instant ts) {
        outgoing.stored(clientId);
    }

    @Override
    public void sendFailed(String room, String clientId, String code, String message) {
        outgoing.stored(clientId);
        screen.note("Not sent to " + rooms.label(room) + ": " + Text.neutraliseLine(message));
    }

    @Override
    public void missed(String room, long from, long to) {
        screen.note("Messages " + from + " to " + to + " of " + rooms.label(room)
                + " were skipped after a long disconnection " + "(chat history " + room + " --before " + (to + 1)
                + ").");
    }

    @Override
    public void presence(String room, String user, boolean online) {
        screen.note(Text.neutraliseLine(user) + (online ? " joined " : " left ") + rooms.label(room) + ".");
        if (!online) {
            screen.stoppedTyping(room, user);
        }
    }

    @Override
    public void typing(String room, String user, boolean stop) {
        screen.typing(room, user, stop);
    }

    @Override
    public void deleted(String room, long id) {
        events.deleted(room, id);
    }

    @Override
    public void roomAdded(RoomInfo room) {
        rooms.learn(room);
        String label = rooms.label(room.name());
        screen.note(
                room.isDirect()
                        ? "New direct conversation with " + label.substring(1) + ": /join " + label + " to read it."
                        : "You were added to " + label + " (" + room.kind() + "): /join "
                                + Text.neutraliseLine(room.name()) + " to read it.");
    }

    @Override
    public void roomClosed(String room, String renamedTo) {
        screen.forgetTyping(room);
        if (renamedTo != null) {
            rooms.renamed(room, renamedTo);
            shown.renamed(room, renamedTo);
            screen.note("#" + Text.neutraliseLine(room) + " is now called " + rooms.label(renamedTo) + ".");
        } else {
            rooms.remove(room);
            screen.note(rooms.label(room) + " is closed to you: it was deleted, or you were removed from it."
                    + (rooms.current() == null ? " /join NAME to chat elsewhere." : ""));
        }
        screen.refreshPrompt();
    }

    @Override
    public void roomFailed(String room, String code, String message) {
        rooms.remove(room);
        screen.note(Text.neutraliseLine(message));
        screen.refreshPrompt();
    }

    @Override
    public void notice(String message) {
        screen.note(Text.neutraliseLine(message));
    }

    @Override
    public void ended(ChatListener.Ending ending) {
        endedWith = ending == ChatListener.Ending.BANNED
                ? "this account is banned on " + session.server()
                : "signed out: the session ended; sign in again: chat login --server " + session.server();
        screen.note(ending == ChatListener.Ending.BANNED ? "This account was banned." : "You were signed out.");
        // Wakes the prompt up: JLine turns an interrupt signal into UserInterruptException in readLine.
        terminal.raise(Terminal.Signal.INT);
    }
}
