package dev.chat.cli.term;

import dev.chat.cli.ServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
            "  /reply ID TEXT   reply to message ID (the number in front of each message)",
            "  /edit ID TEXT    change your message; /edit TEXT changes your last one;",
            "                   /edit [ID] alone puts its text on the line to change",
            "  /delete [-y] ID  delete a message (yours, or any where you moderate)",
            "  /react ID EMOJI  add a reaction (/react 42 👍); /unreact ID EMOJI",
            "  /quit         leave the chat (also Ctrl-D)",
            "  //text        send a message that starts with /",
            "Up and down recall what you typed.",
            "",
            "Each message starts with its id, faint. An edit prints the message again, ending '(edited)'; a deletion "
                    + "and new reactions ('👍 2') show as a line naming the message; a reply has a '↪ replying to' "
                    + "line above it.",
            "A message that mentions you (@you) rings the bell and shows highlighted, from any room you can read, "
                    + "open here or not; 'chat mentions' lists them. The room on screen is marked read as new "
                    + "messages show.",
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

    @Option(
            names = "--no-bell",
            description = "Do not ring the terminal bell when someone mentions you (also: CHAT_NO_BELL=1).")
    boolean noBell;

    @Override
    protected int run() throws Exception {
        return TerminalChat.run(session(), env(), room == null ? null : roomName(room), !noBell, err());
    }
}
