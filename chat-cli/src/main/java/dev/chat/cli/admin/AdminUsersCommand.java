package dev.chat.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Api;
import dev.chat.cli.JsonOutput;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat admin users}: list accounts, ban and unban them, issue password resets. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = "List accounts; ban and unban users; issue a password reset link; make a bot account.",
        subcommands = {
            AdminUsersCommand.List.class,
            AdminUsersCommand.Ban.class,
            AdminUsersCommand.Unban.class,
            AdminUsersCommand.Reset.class,
            AdminUsersCommand.Bot.class
        })
public final class AdminUsersCommand extends GroupCommand {

    static String banPath(String user) {
        return "/api/admin/users/" + Api.segment(user.toLowerCase(java.util.Locale.ROOT)) + "/ban";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts, by name.")
    static final class List extends ServerCommand {
        @Option(
                names = "--json",
                description = "Print {\"users\": [{\"username\", \"createdAt\", \"banned\", \"admin\", \"bot\"}]} as "
                        + "JSON.")
        boolean json;

        @Override
        protected int run() {
            JsonNode users = session().api().get("/api/admin/users");
            if (json) {
                out().println(JsonOutput.line(users));
                return 0;
            }
            Table table = new Table("USER", "CREATED", "BANNED", "ADMIN", "BOT");
            for (JsonNode u : users.path("users")) {
                table.row(
                        u.path("username").asText(),
                        u.path("createdAt").asText(""),
                        u.path("banned").asBoolean(false) ? "yes" : "no",
                        u.path("admin").asBoolean(false) ? "yes" : "no",
                        u.path("bot").asBoolean(false) ? "yes" : "no");
            }
            out().print(table);
            return 0;
        }
    }

    @Command(
            name = "ban",
            mixinStandardHelpOptions = true,
            description = {
                "Ban a user: their sessions end and their open chats close at once; signing in is refused.",
                "Their messages stay."
            })
    static final class Ban extends ServerCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Override
        protected int run() {
            session().api().post(banPath(user), null);
            out().println("Banned " + user.toLowerCase(java.util.Locale.ROOT) + ".");
            return 0;
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Let a banned user sign in again.")
    static final class Unban extends ServerCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Override
        protected int run() {
            session().api().delete(banPath(user));
            out().println("Unbanned " + user.toLowerCase(java.util.Locale.ROOT) + ".");
            return 0;
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = {
                "Issue a one-time password reset link for a user who lost their password (valid 24 h).",
                "Hand it to them: with it they choose a new password, and every session of theirs ends."
            })
    static final class Reset extends ServerCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Option(names = "--json", description = "Print {\"username\", \"token\", \"expiresAt\", \"link\"} as JSON.")
        boolean json;

        @Override
        protected int run() {
            JsonNode reset = session()
                    .api()
                    .post("/api/admin/users/" + Api.segment(user.toLowerCase(java.util.Locale.ROOT)) + "/reset", null);
            if (json) {
                out().println(JsonOutput.line(reset));
            } else {
                out().println("Password reset for " + reset.path("username").asText() + ", valid until "
                        + reset.path("expiresAt").asText() + ":");
                out().println(reset.path("link").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "bot",
            mixinStandardHelpOptions = true,
            description = {
                "Make a bot account: no password, marked as a bot; it signs in only with access tokens.",
                "Make its tokens with 'chat tokens create NAME --bot BOT'."
            })
    static final class Bot extends ServerCommand {
        @Parameters(index = "0", paramLabel = "BOT", description = "The bot's name, as a username.")
        String bot;

        @Override
        protected int run() {
            JsonNode made = session()
                    .api()
                    .post("/api/admin/bots", Api.JSON.createObjectNode().put("username", bot));
            out().println("Made bot " + made.path("username").asText() + ".");
            return 0;
        }
    }
}
