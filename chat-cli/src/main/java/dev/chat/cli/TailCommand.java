package dev.chat.cli;

import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.Message;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chat tail}: prints a room's messages as they arrive, each exactly once and in order, across dropped
 * connections and server restarts (it rejoins with {@code after} = the last id printed).
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Print a room's messages as they arrive, as 'HH:MM name: text' lines or JSON lines.",
            "Survives dropped connections and server restarts without losing or repeating a message; "
                    + "connection notes go to stderr."
        },
        footer = {
            "",
            "With --json each line is a message object {\"room\", \"id\", \"user\", \"text\", \"ts\", "
                    + "\"clientId\"}; a message deleted by an admin is announced as {\"room\", \"id\", \"deleted\": true}."
        })
final class TailCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "ROOM", description = "The room.")
    String room;

    @Option(
            names = "--history",
            paramLabel = "N",
            defaultValue = "10",
            description = "Start with the last N messages (default: ${DEFAULT-VALUE}; 0 for new ones only).")
    int history;

    @Option(
            names = {"-c", "--count"},
            paramLabel = "N",
            description = "Exit after printing N messages (those of --history included).")
    Integer count;

    @Option(names = "--json", description = "Print one JSON object per line.")
    boolean json;

    @Override
    protected int run() throws Exception {
        if (history < 0) {
            throw CliException.usage("--history must be 0 or more");
        }
        if (count != null && count < 1) {
            throw CliException.usage("--count must be at least 1");
        }
        Session session = session();
        String name = roomName(room);
        LineFormat format = new LineFormat(ZoneId.systemDefault());
        CompletableFuture<Void> done = new CompletableFuture<>();
        ChatClient connection = new ChatClient(session.api().client(), session.username(), new ChatListener() {
            private int printed;
            private boolean away;

            @Override
            public void message(Message m, boolean earlier) {
                out().println(json ? JsonOutput.line(JsonOutput.message(m)) : format.plain(m));
                out().flush();
                printed++;
                if (count != null && printed >= count) {
                    done.complete(null);
                }
            }

            @Override
            public void deleted(String room, long id) {
                if (json) {
                    out().println(JsonOutput.line(Api.JSON
                            .createObjectNode()
                            .put("room", room)
                            .put("id", id)
                            .put("deleted", true)));
                    out().flush();
                } else {
                    note("message " + id + " in " + room + " was deleted");
                }
            }

            @Override
            public void missed(String room, long from, long to) {
                note("messages " + from + " to " + to + " of " + room + " were skipped after a long "
                        + "disconnection; see: chat history " + room + " --before " + (to + 1));
            }

            @Override
            public void disconnected(Duration retryIn, int attempt) {
                away = true;
                note("connection lost; trying again in " + SendCommand.seconds(retryIn));
            }

            @Override
            public void joined(String room, java.util.List<String> online) {
                if (away) {
                    away = false;
                    note("reconnected");
                }
            }

            @Override
            public void roomClosed(String room, String renamedTo) {
                if (renamedTo == null) {
                    done.completeExceptionally(CliException.failure("room " + room + " was deleted"));
                } else {
                    note("room " + room + " is now called " + Text.neutraliseLine(renamedTo));
                }
            }

            @Override
            public void roomFailed(String room, String code, String message) {
                done.completeExceptionally(CliException.server(0, code, Text.neutraliseLine(message)));
            }

            @Override
            public void notice(String message) {
                note(Text.neutraliseLine(message));
            }

            @Override
            public void ended(ChatListener.Ending ending) {
                done.completeExceptionally(SendCommand.ended(ending, session.server()));
            }
        });
        try {
            connection.open();
            connection.follow(name, history);
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliException c ? c : CliException.failure(String.valueOf(e.getCause()));
        } finally {
            connection.close();
        }
        return 0;
    }

    private void note(String text) {
        err().println("chat: " + text);
        err().flush();
    }
}
