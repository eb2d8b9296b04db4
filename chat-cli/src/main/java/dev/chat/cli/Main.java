package dev.chat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chat} command: its subcommands talk to a chat server over its public HTTP and WebSocket API. */
@Command(name = "chat", mixinStandardHelpOptions = true, version = "chat 0.1.0",
        description = "Chat in a terminal, administer a chat server, and measure how much load it takes.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
