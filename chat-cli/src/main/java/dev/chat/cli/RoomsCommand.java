package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.RoomInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat rooms}: the rooms the user may see, with their kind, the user's role and who is online. */
@Command(
        name = "rooms",
        mixinStandardHelpOptions = true,
        description = {
            "List the rooms you may see: every public room, and the private rooms and direct conversations you are in.",
            "Each with its kind (public, private, direct), your role there (owner, moderator, member; - when you have "
                    + "not joined it), how many people are online (on the server node that answers) and its topic; "
                    + "a direct conversation shows who it is with.",
            "UNREAD counts others' messages after where you have read the room up to (on any device), MENTIONS those "
                    + "of them that mention you; both - where the server keeps no read state (guests, rooms you are "
                    + "not a member of)."
        })
public final class RoomsCommand extends ServerCommand {

    @Option(
            names = "--json",
            description = "Print the server's {\"rooms\": [{\"name\", \"topic\", \"online\", \"kind\", \"joined\", "
                    + "\"role\", \"members\", \"unread\", \"mentions\", \"readUpTo\"}]} as JSON (role and the read "
                    + "state only where you are a member, members only for direct rooms).")
    boolean json;

    @Override
    protected int run() {
        Session session = session();
        JsonNode rooms = session.api().rooms();
        if (json) {
            out().println(JsonOutput.line(rooms));
        } else {
            out().print(table(rooms.path("rooms"), session.username()));
        }
        return 0;
    }

    /** {@code ROOM  KIND  ROLE  ONLINE  UNREAD  MENTIONS  TOPIC}, one row per room; a direct room's topic says who it is with. */
    public static String table(JsonNode rooms, String me) {
        Table table = new Table("ROOM", "KIND", "ROLE", "ONLINE", "UNREAD", "MENTIONS", "TOPIC")
                .alignRight(3)
                .alignRight(4)
                .alignRight(5);
        for (JsonNode node : rooms) {
            RoomInfo room = RoomInfo.from(node);
            table.row(
                    room.name(),
                    room.kind(),
                    room.role() == null ? "-" : room.role(),
                    String.valueOf(room.online()),
                    room.role() == null ? "-" : String.valueOf(room.unread()),
                    room.role() == null ? "-" : String.valueOf(room.mentions()),
                    room.isDirect() ? "with " + String.join(", ", room.others(me)) : room.topic());
        }
        return table.toString();
    }
}
