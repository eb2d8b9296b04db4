package dev.chat.cli.term;

import dev.chat.cli.Text;
import dev.chat.client.ChatClient;
import dev.chat.client.Message;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jline.reader.LineReader;

/**
 * The commands that change a message of the current room, named by the id shown in front of it: {@code /edit},
 * {@code /delete}, {@code /react}, {@code /unreact} and {@code /reply}. What changed shows when the server reports it
 * back ({@link MessageEvents}), for this terminal as for everyone else; a refusal shows as a note.
 */
final class MessageCommands {

    static final String USAGE =
            "/edit [ID] [TEXT]  /delete [-y] ID  /react ID EMOJI  /unreact ID EMOJI  /reply ID TEXT";

    private final Supplier<ChatClient> connection;
    private final LineReader reader;
    private final Screen screen;
    private final ChatRooms rooms;
    private final ShownMessages shown;
    /** Sends a text as a reply to an id (through the chat's own send, which keeps track of it). */
    private final BiConsumer<String, Long> reply;

    private volatile String prefill;

    MessageCommands(
            Supplier<ChatClient> connection,
            LineReader reader,
            Screen screen,
            ChatRooms rooms,
            ShownMessages shown,
            BiConsumer<String, Long> reply) {
        this.connection = connection;
        this.reader = reader;
        this.screen = screen;
        this.rooms = rooms;
        this.shown = shown;
        this.reply = reply;
    }

    /** Runs the command if it is one of these; false if it is not. */
    boolean handle(String command, String arg) {
        switch (command) {
            case "/edit" -> edit(arg);
            case "/delete" -> delete(arg);
            case "/react" -> react(arg, false);
            case "/unreact" -> react(arg, true);
            case "/reply" ->
                withId(arg, "/reply ID TEXT").ifPresent(a -> {
                    if (a.rest().isEmpty()) {
                        screen.note("What is the reply? /reply " + a.id() + " TEXT");
                    } else {
                        reply.accept(a.rest(), a.id());
                    }
                });
            default -> {
                return false;
            }
        }
        return true;
    }

    /** What the next prompt starts with ({@code /edit ID text} to change), once; null for an empty line. */
    String takePrefill() {
        String text = prefill;
        prefill = null;
        return text;
    }

    /**
     * {@code /edit ID TEXT}; {@code /edit TEXT} changes the user's last message; {@code /edit} or {@code /edit ID}
     * puts the message's text on the prompt to change (as Up does in the browser).
     */
    private void edit(String arg) {
        String room = rooms.current();
        if (room == null) {
            screen.note("Join a room first: /join NAME");
            return;
        }
        Args a = Args.parse(arg);
        Long id = a.id();
        String text = a.rest();
        if (id == null) {
            Optional<Message> last = shown.lastOf(room, rooms.me());
            if (last.isEmpty()) {
                screen.note("No message of yours is shown in " + rooms.label(room) + "; /edit ID TEXT.");
                return;
            }
            id = last.get().id();
        }
        if (text.isEmpty()) {
            Optional<Message> m = shown.get(room, id);
            if (m.isEmpty()) {
                screen.note("Message " + id + " is not shown here; /edit " + id + " TEXT.");
            } else {
                prefill = "/edit " + id + " " + m.get().text().replace("\n", " ");
            }
            return;
        }
        report(connection.get().edit(room, id, text), "Not edited");
    }

    private void delete(String arg) {
        boolean yes = arg.startsWith("-y ") || arg.endsWith(" -y");
        String rest = yes ? arg.replaceFirst("^-y\\s+|\\s+-y$", "") : arg;
        Optional<Args> a = withId(rest, "/delete [-y] ID");
        if (a.isEmpty()) {
            return;
        }
        long id = a.get().id();
        String room = rooms.current();
        if (!yes) {
            String what =
                    shown.get(room, id).map(m -> id + " " + Screen.snippet(m)).orElse("message " + id);
            String answer;
            try {
                answer = reader.readLine("Delete " + what + "? [y/N] ");
            } catch (RuntimeException e) {
                answer = "";
            }
            if (!answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                screen.note("Not deleted.");
                return;
            }
        }
        report(connection.get().deleteMessage(room, id), "Not deleted");
    }

    private void react(String arg, boolean takeBack) {
        String usage = takeBack ? "/unreact ID EMOJI" : "/react ID EMOJI";
        withId(arg, usage).ifPresent(a -> {
            if (a.rest().isEmpty() || a.rest().contains(" ")) {
                screen.note("One emoji: " + usage + ", like " + (takeBack ? "/unreact " : "/react ") + a.id() + " 👍");
                return;
            }
            String room = rooms.current();
            ChatClient client = connection.get();
            report(
                    takeBack ? client.unreact(room, a.id(), a.rest()) : client.react(room, a.id(), a.rest()),
                    takeBack ? "Not taken back" : "Not added");
        });
    }

    /** The arguments when they start with an id and a room is open; a note saying what is missing otherwise. */
    private Optional<Args> withId(String arg, String usage) {
        if (rooms.current() == null) {
            screen.note("Join a room first: /join NAME");
            return Optional.empty();
        }
        Args a = Args.parse(arg);
        if (a.id() == null) {
            screen.note("Which message? " + usage + " (the id is the number in front of the message)");
            return Optional.empty();
        }
        return Optional.of(a);
    }

    /** The server's refusal as a note; success shows when the change comes back on the connection. */
    private void report(CompletableFuture<?> answer, String failed) {
        answer.whenComplete((ok, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                screen.note(failed + ": " + Text.neutraliseLine(String.valueOf(cause.getMessage())));
            }
        });
    }

    /** {@code ID REST} ({@code #42} works too), or no id when the first word is not a number. */
    record Args(Long id, String rest) {
        static Args parse(String arg) {
            String[] words = arg.strip().split("\\s+", 2);
            String first = words[0].startsWith("#") ? words[0].substring(1) : words[0];
            if (!first.isEmpty() && first.length() < 19 && first.chars().allMatch(Character::isDigit)) {
                return new Args(Long.parseLong(first), words.length > 1 ? words[1].strip() : "");
            }
            return new Args(null, arg.strip());
        }
    }
}
