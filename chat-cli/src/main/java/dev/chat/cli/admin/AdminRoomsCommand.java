package dev.chat.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Api;
import dev.chat.cli.JsonOutput;
import dev.chat.cli.RoomsCommand;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.Text;
import dev.chat.client.ChatApi.Visibility;
import dev.chat.client.RoomInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat admin rooms}: list, create, delete and rename rooms, and set their topics. */
@Command(
        name = "rooms",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = "List, create, delete and rename rooms; set a room's topic.",
        subcommands = {
            AdminRoomsCommand.List.class,
            AdminRoomsCommand.Create.class,
            AdminRoomsCommand.Delete.class,
            AdminRoomsCommand.Rename.class,
            AdminRoomsCommand.Topic.class
        })
public final class AdminRoomsCommand extends GroupCommand {

    static String path(String room) {
        return "/api/rooms/" + Api.segment(room);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the rooms with their topics and online counts.")
    static final class List extends ServerCommand {
        @Option(
                names = "--json",
                description = "Print {\"rooms\": [{\"name\", \"topic\", \"online\", \"kind\", \"joined\", \"role\", "
                        + "\"members\"}]} as JSON.")
        boolean json;

        @Override
        protected int run() {
            Session session = session();
            JsonNode rooms = session.api().rooms();
            out().print(
                            json
                                    ? JsonOutput.line(rooms) + "\n"
                                    : RoomsCommand.table(rooms.path("rooms"), session.username()));
            return 0;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a room; you are its owner.",
                "A private room is seen only by its members: add them with 'chat members ROOM add USER'."
            })
    static final class Create extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM", description = "1-48 of a-z 0-9 _ - (capitals are folded).")
        String room;

        @Option(names = "--topic", paramLabel = "TEXT", description = "One line, up to 200 characters.")
        String topic;

        @Option(names = "--private", description = "Only its members see it (default: everyone signed in).")
        boolean privateRoom;

        @Override
        protected int run() {
            RoomInfo created = session()
                    .api()
                    .call(api -> api.createRoom(
                            roomName(room), topic, privateRoom ? Visibility.PRIVATE : Visibility.PUBLIC));
            out().println("Created " + (created.kind().equals(RoomInfo.PRIVATE) ? "private " : "") + "room "
                    + Text.neutraliseLine(created.name()) + ".");
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = {
                "Delete a room and all its messages.",
                "Everyone in it is taken out of it at once (their clients see the room closed)."
            })
    static final class Delete extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Override
        protected int run() {
            session().api().delete(path(roomName(room)));
            out().println("Deleted room " + roomName(room) + ".");
            return 0;
        }
    }

    @Command(
            name = "rename",
            mixinStandardHelpOptions = true,
            description = {
                "Rename a room; its messages move with it.",
                "Open clients see the room closed with its new name and follow it there."
            })
    static final class Rename extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Override
        protected int run() {
            JsonNode renamed = session()
                    .api()
                    .patch(path(roomName(room)), Api.JSON.createObjectNode().put("name", roomName(newName)));
            out().println("Renamed room " + roomName(room) + " to "
                    + Text.neutraliseLine(renamed.path("name").asText(roomName(newName))) + ".");
            return 0;
        }
    }

    @Command(name = "topic", mixinStandardHelpOptions = true, description = "Set a room's topic ('' clears it).")
    static final class Topic extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Parameters(index = "1", paramLabel = "TOPIC", description = "One line, up to 200 characters.")
        String topic;

        @Override
        protected int run() {
            JsonNode updated = session()
                    .api()
                    .patch(path(roomName(room)), Api.JSON.createObjectNode().put("topic", topic));
            out().println("Topic of " + Text.neutraliseLine(updated.path("name").asText(roomName(room))) + ": "
                    + Text.neutraliseLine(updated.path("topic").asText(topic)));
            return 0;
        }
    }
}
