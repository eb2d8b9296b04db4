package dev.chat.cli.term;

import dev.chat.cli.ServerCommand;
import dev.chat.client.RoomInfo;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat dm USER…}: the terminal chat, starting in the direct conversation with those people. */
@Command(
        name = "dm",
        mixinStandardHelpOptions = true,
        description = {
            "Chat with one person, or a few (up to 8 besides you), in this terminal.",
            "Opens the direct conversation with exactly these people, or starts it (they see it appear); it is "
                    + "shown by their names, as @bob, and works as 'chat room' does (see 'chat room --help' for "
                    + "the commands).",
            "Guests cannot start direct conversations."
        })
public final class DmCommand extends ServerCommand {

    @Parameters(index = "0..*", arity = "1..8", paramLabel = "USER", description = "Who to talk to.")
    List<String> users;

    @Option(names = "--no-bell", description = "Do not ring the terminal bell when someone mentions you.")
    boolean noBell;

    @Override
    protected int run() throws Exception {
        List<String> names = users.stream()
                .map(u -> (u.startsWith("@") ? u.substring(1) : u).toLowerCase(Locale.ROOT))
                .toList();
        Session session = session();
        TerminalChat.needTerminal(env());
        RoomInfo room = session.api().call(api -> api.openDirect(names));
        return TerminalChat.run(session, env(), room.name(), !noBell, err());
    }
}
