package dev.chat.cli.admin;

import dev.chat.cli.Api;
import dev.chat.cli.ServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chat admin delete-message}: removes one message from history and from open clients. */
@Command(
        name = "delete-message",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a message: it leaves the room's history, and open clients are told to remove it.",
            "Find ids with: chat history ROOM --json"
        })
final class DeleteMessageCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "ROOM")
    String room;

    @Parameters(index = "1", paramLabel = "ID", description = "The message's id in the room.")
    long id;

    @Override
    protected int run() {
        String name = roomName(room);
        session().api().delete("/api/rooms/" + Api.segment(name) + "/messages/" + id);
        out().println("Deleted message " + id + " in " + name + ".");
        return 0;
    }
}
