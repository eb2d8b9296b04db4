package dev.chat.cli;

import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.ClientIds;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chat send}: posts messages over the WebSocket and exits 0 once every one is stored. A dropped
 * connection is reopened and the messages resent with the same {@code clientId}, so each is stored once.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Send a message to a room; exits 0 once the server has stored it.",
            "Without TEXT (or with -), standard input is the message: all of it as one message, or one "
                    + "message per line with --lines."
        },
        footer = {
            "",
            "Examples:",
            "  chat send general 'Deploy finished'",
            "  make test 2>&1 | tail -n 20 | chat send builds",
            "  journalctl -f -o cat | chat send alerts --lines"
        })
final class SendCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "ROOM", description = "The room.")
    String room;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "TEXT",
            description = "The message; several words are joined with spaces.")
    List<String> words = new ArrayList<>();

    @Option(names = "--lines", description = "Send each non-empty line of standard input as its own message, in order.")
    boolean lines;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "Use this clientId (1-64 printable ASCII characters) instead of a random one: running "
                    + "the same command again then stores nothing twice. With --lines, line N gets ID-N.")
    String clientId;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "Give up when the server has acknowledged nothing for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print {\"room\", \"id\", \"ts\", \"clientId\"} of each stored message.")
    boolean json;

    @Override
    protected int run() throws Exception {
        boolean fromStdin = words.isEmpty() || words.equals(List.of("-"));
        String text = fromStdin ? null : String.join(" ", words);
        if (!fromStdin && text.isBlank()) {
            throw CliException.failure("nothing to send: the message is empty");
        }
        if (fromStdin && !lines) {
            text = new String(env().stdin().readAllBytes(), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                throw CliException.failure("nothing to send: standard input is empty");
            }
        }
        Session session = session();
        String name = roomName(room);
        Tracker tracker = new Tracker(session.server());
        ChatClient connection = new ChatClient(session.api().client(), session.username(), tracker);
        try {
            connection.open();
            connection.enter(name);
            if (text != null) {
                String id = clientId == null ? ClientIds.next() : clientId;
                tracker.expect(id);
                connection.send(name, text, id);
            } else {
                // Lines go out as they are read, so a never-ending pipe (tail -f, journalctl -f) streams.
                BufferedReader in = new BufferedReader(new InputStreamReader(env().stdin(), StandardCharsets.UTF_8));
                int n = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    tracker.check();
                    if (line.isBlank()) {
                        continue;
                    }
                    n++;
                    String id = clientId == null ? ClientIds.next() : clientId + "-" + n;
                    tracker.expect(id);
                    connection.send(name, line, id);
                }
                if (n == 0) {
                    throw CliException.failure("nothing to send: standard input has no lines");
                }
            }
            tracker.await(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        } finally {
            connection.close();
        }
        if (json) {
            tracker.acks().forEach(out()::println);
        }
        return 0;
    }

    /** Counts the acknowledgements; the first refusal or ending is what the command fails with. */
    private final class Tracker implements ChatListener {
        private final String server;
        private final List<String> expected = new ArrayList<>();
        private final Map<String, String> stored = new HashMap<>();
        private CliException failure;

        Tracker(String server) {
            this.server = server;
        }

        synchronized void expect(String id) {
            expected.add(id);
        }

        synchronized void check() {
            if (failure != null) {
                throw failure;
            }
        }

        /** Waits until every message is stored, giving up only when nothing was stored for {@code patienceMs}. */
        synchronized void await(long patienceMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + patienceMs;
            int seen = stored.size();
            while (failure == null && stored.size() < expected.size()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw CliException.failure("no answer from " + server + " within " + timeoutSeconds + " s; "
                            + (expected.size() - stored.size()) + " message(s) may not have been sent"
                            + " (run again with the same --client-id to be sure)");
                }
                wait(left);
                if (stored.size() != seen) {
                    seen = stored.size();
                    deadline = System.currentTimeMillis() + patienceMs;
                }
            }
            check();
        }

        synchronized List<String> acks() {
            return expected.stream().map(stored::get).toList();
        }

        private synchronized void fail(CliException e) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
        }

        @Override
        public synchronized void sent(String room, String id, long messageId, Instant ts) {
            stored.put(
                    id,
                    JsonOutput.line(Api.JSON
                            .createObjectNode()
                            .put("room", room)
                            .put("id", messageId)
                            .put("ts", ts.toString())
                            .put("clientId", id)));
            notifyAll();
        }

        @Override
        public void sendFailed(String room, String id, String code, String message) {
            fail(CliException.server(0, code, Text.neutraliseLine(message)));
        }

        @Override
        public void roomFailed(String room, String code, String message) {
            fail(CliException.server(0, code, Text.neutraliseLine(message)));
        }

        @Override
        public void roomClosed(String room, String renamedTo) {
            if (renamedTo == null) {
                fail(CliException.failure("room " + room + " was deleted"));
            }
        }

        @Override
        public void disconnected(Duration retryIn, int attempt) {
            err().println("chat: connection lost; trying again in " + seconds(retryIn));
            err().flush();
        }

        @Override
        public void ended(ChatListener.Ending ending) {
            fail(SendCommand.ended(ending, server));
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static CliException ended(ChatListener.Ending ending, String server) {
        return switch (ending) {
            case SIGNED_OUT ->
                CliException.failure("signed out: the session ended; sign in again: chat login --server " + server);
            case BANNED -> CliException.failure("this account is banned on " + server);
        };
    }
}
