package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat rooms}: the rooms of the server with how many people are in each. */
@Command(
        name = "rooms",
        mixinStandardHelpOptions = true,
        description = "List the rooms, with how many people are online in each (on the server node that answers).")
public final class RoomsCommand extends ServerCommand {

    @Option(
            names = "--json",
            description = "Print the server's {\"rooms\": [{\"name\", \"topic\", \"online\"}]} as JSON.")
    boolean json;

    @Override
    protected int run() {
        JsonNode rooms = session().api().rooms();
        if (json) {
            out().println(JsonOutput.line(rooms));
        } else {
            out().print(table(rooms.path("rooms")));
        }
        return 0;
    }

    /** {@code ROOM  ONLINE  TOPIC}, one row per room. */
    public static String table(JsonNode rooms) {
        Table table = new Table("ROOM", "ONLINE", "TOPIC").alignRight(1);
        for (JsonNode room : rooms) {
            table.row(
                    room.path("name").asText(),
                    room.path("online").asText("0"),
                    room.path("topic").asText(""));
        }
        return table.toString();
    }
}
