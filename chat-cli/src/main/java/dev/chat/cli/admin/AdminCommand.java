package dev.chat.cli.admin;

import picocli.CommandLine.Command;

/** {@code chat admin}: the commands for the server's admins (the server's {@code --admins} list). */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Administer rooms, users and messages (for the users in the server's --admins list).",
            "Every action is written to the server's audit log."
        },
        subcommands = {AdminRoomsCommand.class, AdminUsersCommand.class, DeleteMessageCommand.class, StatsCommand.class
        })
public final class AdminCommand extends GroupCommand {}
