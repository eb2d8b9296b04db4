package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.cli.admin.GroupCommand;
import dev.chat.client.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat tokens create|list|revoke}: access tokens for programs, the user's own or (admins) a bot's. */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Make, list and revoke access tokens: credentials for programs (CI jobs, bots) that work as "
                    + "'Authorization: Bearer TOKEN' on the HTTP API and the WebSocket, within their limits.",
            "Made from a signed-in session (chat login), never with another token. Admins manage a bot's with --bot."
        },
        subcommands = {TokensCommand.Create.class, TokensCommand.List.class, TokensCommand.Revoke.class})
public final class TokensCommand extends GroupCommand {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([dh])");

    static String base(String bot) {
        return bot == null ? "/api/tokens" : "/api/admin/bots/" + Api.segment(bot.toLowerCase(Locale.ROOT)) + "/tokens";
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Make an access token and print its secret, shown this once: keep it like a password.",
                "Without --room it reaches every room its owner may see; with one or more, only those (the others "
                        + "are answered as rooms that do not exist)."
            })
    static final class Create extends ServerCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "What it is for, such as 'deploy notices'.")
        String name;

        @Option(names = "--room", paramLabel = "ROOM", description = "Limit it to this room (repeatable).")
        java.util.List<String> rooms = new ArrayList<>();

        @Option(names = "--read-only", description = "It may read, not post or change anything.")
        boolean readOnly;

        @Option(
                names = "--expires-in",
                paramLabel = "N{d|h}",
                description = "It stops working after this long, such as 30d or 12h (default: never).")
        String expiresIn;

        @Option(names = "--bot", paramLabel = "BOT", description = "Make it for this bot account (admins).")
        String bot;

        @Option(names = "--json", description = "Print the token as JSON, its secret in \"token\".")
        boolean json;

        @Override
        protected int run() {
            ObjectNode body =
                    Api.JSON.createObjectNode().put("name", name).put("scope", readOnly ? "read" : "read_write");
            ArrayNode list = body.putArray("rooms");
            rooms.forEach(r -> list.add(roomName(r)));
            if (expiresIn != null) {
                body.put("expiresAt", Instant.now().plus(duration(expiresIn)).toString());
            }
            JsonNode answer = session().api().post(base(bot), body);
            if (json) {
                out().println(JsonOutput.line(answer));
                return 0;
            }
            AccessToken token = AccessToken.from(answer);
            out().println("Made access token " + token.id() + " (" + Text.neutraliseLine(token.name()) + ") for "
                    + Text.neutraliseLine(token.owner()) + ": " + describe(token) + ".");
            out().println("Its secret, shown this once:");
            out().println(token.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens, newest first.")
    static final class List extends ServerCommand {
        @Option(names = "--bot", paramLabel = "BOT", description = "A bot account's tokens (admins).")
        String bot;

        @Option(
                names = "--json",
                description = "Print {\"tokens\": [{\"id\", \"name\", \"owner\", \"scope\", \"rooms\", \"createdAt\", "
                        + "\"expiresAt\", \"lastUsedAt\"}]} as JSON.")
        boolean json;

        @Override
        protected int run() {
            JsonNode answer = session().api().get(base(bot));
            if (json) {
                out().println(JsonOutput.line(answer));
                return 0;
            }
            Table table = new Table("ID", "NAME", "REACHES", "MADE", "EXPIRES", "LAST USED");
            answer.path("tokens").forEach(node -> {
                AccessToken t = AccessToken.from(node);
                table.row(
                        t.id(),
                        t.name(),
                        describe(t),
                        t.createdAt().toString(),
                        t.expiresAt() == null ? "never" : t.expiresAt().toString(),
                        t.lastUsedAt() == null ? "never" : t.lastUsedAt().toString());
            });
            out().print(table);
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token: it stops working at once and its open connections close, on every node.")
    static final class Revoke extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as 'chat tokens list' shows it.")
        String id;

        @Option(names = "--bot", paramLabel = "BOT", description = "A bot account's token (admins).")
        String bot;

        @Override
        protected int run() {
            session().api().delete(base(bot) + "/" + Api.segment(id));
            out().println("Revoked access token " + Text.neutraliseLine(id) + ".");
            return 0;
        }
    }

    static String describe(AccessToken token) {
        String rooms = token.rooms().isEmpty() ? "every room" : String.join(", ", token.rooms());
        return rooms + (token.scope().equals("read") ? ", read only" : ", read and write");
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw CliException.usage("--expires-in is a number of days or hours, such as 30d or 12h, not '"
                    + Text.neutraliseLine(text) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }
}
