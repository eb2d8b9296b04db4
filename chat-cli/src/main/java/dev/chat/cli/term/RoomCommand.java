package dev.chat.cli.term;

import dev.chat.cli.ServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chat room NAME}: the terminal chat, starting in one room. */
@Command(
        name = "room",
        mixinStandardHelpOptions = true,
        description = {
            "Chat in a room in this terminal.",
            "Incoming messages print above the line you type; the connection is kept across drops without "
                    + "losing or repeating a message.",
            "",
            "Type a message and press Enter to send it. Commands:",
            "  /join ROOM    join a room (or switch to it) and send there",
            "  /join @USER   the direct conversation with USER (@bob,carol with several), made or found",
            "  /leave        leave the current room",
            "  /rooms        list the rooms",
            "  /who          who is in the current room",
            "  /history [N]  show N earlier messages (default 20)",
            "  /quit         leave the chat (also Ctrl-D)",
            "  //text        send a message that starts with /",
            "Up and down recall what you typed.",
            "",
            "Messages show their Markdown: **bold**, *italic*, ~~strike~~, `code`, ``` code blocks, > quotes, and "
                    + "[text](url) as 'text <url>'. With NO_COLOR set (to anything but empty) nothing is "
                    + "coloured or styled."
        })
public final class RoomCommand extends ServerCommand {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ROOM",
            description = "The room to start in (without it: pick one from the list).")
    String room;

    @Override
    protected int run() throws Exception {
        return TerminalChat.run(session(), env(), room == null ? null : roomName(room), err());
    }
}
