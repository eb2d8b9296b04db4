package dev.chat.cli;

import dev.chat.cli.admin.AdminCommand;
import dev.chat.cli.bench.BenchCommand;
import dev.chat.cli.term.DmCommand;
import dev.chat.cli.term.RoomCommand;
import dev.chat.cli.term.TerminalChat;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chat} command: its subcommands talk to a chat server over its public HTTP and WebSocket API.
 * Alone, it opens the terminal chat with a room picker.
 */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Chat in a terminal, administer a chat server, and measure how much load it takes.",
            "",
            "Without a command: the terminal chat, starting with a list of rooms to pick from."
        },
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            PasswordCommand.class,
            RoomsCommand.class,
            RoomCommand.class,
            DmCommand.class,
            MembersCommand.class,
            TokensCommand.class,
            WebhooksCommand.class,
            SendCommand.class,
            TailCommand.class,
            HistoryCommand.class,
            MentionsCommand.class,
            AdminCommand.class,
            BenchCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 failed (the server said no, or cannot be reached), 2 wrong usage.",
            "Sessions are kept in $XDG_CONFIG_HOME/chat/config.json (~/.config/chat/config.json)."
        })
public final class Main extends ServerCommand {

    private final Environment environment;

    public Main() {
        this(Environment.system());
    }

    public Main(Environment environment) {
        this.environment = environment;
    }

    Environment environment() {
        return environment;
    }

    @Override
    protected int run() throws Exception {
        if (!environment.interactive()) {
            spec.commandLine().usage(err());
            return spec.exitCodeOnInvalidInput();
        }
        return TerminalChat.run(session(), environment, null, true, err());
    }

    /** The command line as {@link #main} runs it: usage errors are one line, like every other error. */
    public static CommandLine commandLine(Main main) {
        CommandLine cli = new CommandLine(main);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine at = e.getCommandLine();
            at.getErr()
                    .println("chat: " + e.getMessage() + " (see '"
                            + at.getCommandSpec().qualifiedName() + " --help')");
            at.getErr().flush();
            return at.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }
}
