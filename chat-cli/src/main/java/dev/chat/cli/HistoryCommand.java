package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.client.Message;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat history}: a room's latest messages (or those before an id), oldest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Print a room's latest messages, oldest first, as 'HH:MM name: text' lines or JSON.")
final class HistoryCommand extends ServerCommand {

    private static final int PAGE = 100;

    @Parameters(index = "0", paramLabel = "ROOM", description = "The room.")
    String room;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            defaultValue = "50",
            description = "How many messages (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--before", paramLabel = "ID", description = "Only messages with a smaller id (to page back).")
    Long before;

    @Option(names = "--json", description = "Print {\"room\", \"messages\": [oldest first], \"more\"} as JSON.")
    boolean json;

    @Override
    protected int run() {
        if (limit < 1) {
            throw CliException.usage("--limit must be at least 1");
        }
        String name = roomName(room);
        Api api = session().api();
        List<JsonNode> newestFirst = new ArrayList<>();
        Long cursor = before;
        boolean more = true;
        while (more && newestFirst.size() < limit) {
            int want = Math.min(PAGE, limit - newestFirst.size());
            JsonNode page = api.get("/api/rooms/" + Api.segment(name) + "/messages?limit=" + want
                    + (cursor == null ? "" : "&before=" + cursor));
            List<JsonNode> messages = new ArrayList<>();
            page.path("messages").forEach(messages::add);
            newestFirst.addAll(messages);
            more = page.path("more").asBoolean(false) && !messages.isEmpty();
            if (!messages.isEmpty()) {
                cursor = messages.get(messages.size() - 1).path("id").asLong();
            }
        }
        List<JsonNode> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        if (json) {
            ObjectNode doc = Api.JSON.createObjectNode().put("room", name);
            ArrayNode array = doc.putArray("messages");
            oldestFirst.forEach(array::add);
            doc.put("more", more);
            out().println(JsonOutput.line(doc));
        } else {
            LineFormat format = new LineFormat(ZoneId.systemDefault());
            for (JsonNode m : oldestFirst) {
                out().println(format.plain(Message.from(m)));
            }
        }
        return 0;
    }
}
