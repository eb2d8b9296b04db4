package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.Mention;
import dev.chat.client.Message;
import dev.chat.client.RoomInfo;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat mentions}: the messages that called the user by name, newest first, unread ones marked. */
@Command(
        name = "mentions",
        mixinStandardHelpOptions = true,
        description = {
            "List the messages that mentioned you (@you, or @room from a moderator), newest first:",
            "'* ROOM  HH:MM name: text', the * while the message is after where you have read the room up to.",
            "A direct conversation shows as @people. The server keeps your newest 500 mentions of the last 90 days."
        })
final class MentionsCommand extends ServerCommand {

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            defaultValue = "20",
            description = "How many (1-100, default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--json",
            description = "Print the server's {\"mentions\": [{\"message\": {…}, \"unread\"}]} as JSON.")
    boolean json;

    @Override
    protected int run() {
        if (limit < 1 || limit > 100) {
            throw CliException.usage("--limit must be 1 to 100");
        }
        Session session = session();
        JsonNode answer = session.api().get("/api/mentions?limit=" + limit);
        if (json) {
            out().println(JsonOutput.line(answer));
            return 0;
        }
        Map<String, String> labels = new HashMap<>();
        LineFormat format = new LineFormat(ZoneId.systemDefault());
        for (JsonNode node : answer.path("mentions")) {
            Mention mention = Mention.from(node);
            Message m = mention.message();
            if (m.room().startsWith("dm-") && labels.isEmpty()) {
                for (RoomInfo room : session.api().call(api -> api.roomList())) {
                    labels.put(room.name(), "@" + String.join(",", room.others(session.username())));
                }
            }
            String room = Text.neutraliseLine(labels.getOrDefault(m.room(), "#" + m.room()));
            out().println((mention.unread() ? "* " : "  ") + room + "  "
                    + format.plain(m).replace("\n", " "));
        }
        return 0;
    }
}
