package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.cli.admin.GroupCommand;
import dev.chat.client.NewWebhook;
import dev.chat.client.Webhook;
import dev.chat.client.WebhookAttempt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat webhooks create|list|delete|log}: a room's webhooks, for its owner (or an admin). */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Make, list and delete a room's webhooks, and read an outgoing one's delivery log.",
            "An incoming webhook is a secret URL a program (a CI job, a monitor) posts messages to, without an "
                    + "account; an outgoing one sends the room's messages to a program's https:// URL. Each speaks "
                    + "as a bot account of its own, made with it. For the room's owner, or an admin."
        },
        subcommands = {
            WebhooksCommand.Create.class,
            WebhooksCommand.List.class,
            WebhooksCommand.Delete.class,
            WebhooksCommand.Log.class
        })
public final class WebhooksCommand extends GroupCommand {

    static String base(String room) {
        return "/api/rooms/" + Api.segment(ServerCommand.roomName(room)) + "/webhooks";
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            customSynopsis = {
                "chat webhooks create [-hV] [--json] [--server=URL] ROOM NAME --incoming",
                "       chat webhooks create [-hV] [--json] [--server=URL] ROOM NAME --outgoing URL [--trigger WORD]"
            },
            description = {
                "Give a room a webhook, with a new bot account NAME that it speaks as, and print its secret, shown "
                        + "this once: keep it like a password.",
                "--incoming prints the URL programs post to ({\"text\": \"…\"}, no other credential) and a curl "
                        + "line to try it. --outgoing sends each new message of the room (or with --trigger, those "
                        + "whose first word it is) to URL, signed with the secret (X-Chat-Signature); a server "
                        + "refuses a URL that is not https:// or reaches a private address, unless its operator "
                        + "allows them."
            })
    static final class Create extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM", description = "The room (you are its owner, or an admin).")
        String room;

        @Parameters(index = "1", paramLabel = "NAME", description = "The new bot account's name, such as ci-bot.")
        String name;

        @Option(names = "--incoming", description = "A secret URL that programs post messages to.")
        boolean incoming;

        @Option(
                names = "--outgoing",
                paramLabel = "URL",
                description = "Send the room's new messages to this https:// URL.")
        String outgoing;

        @Option(
                names = "--trigger",
                paramLabel = "WORD",
                description = "With --outgoing: send only the messages whose first word this is, such as !status "
                        + "(default: every message).")
        String trigger;

        @Option(
                names = "--json",
                description = "Print the server's answer as JSON: the webhook as 'list --json' shows it, its "
                        + "secret in \"secret\" and, for an incoming one, in \"hookUrl\" the path on the server to "
                        + "post to.")
        boolean json;

        @Override
        protected int run() {
            if (incoming == (outgoing != null)) {
                throw CliException.usage("give one of --incoming or --outgoing URL");
            }
            if (incoming && trigger != null) {
                throw CliException.usage("--trigger is for --outgoing webhooks: an incoming one posts what it gets");
            }
            ObjectNode body = Api.JSON
                    .createObjectNode()
                    .put("kind", incoming ? Webhook.INCOMING : Webhook.OUTGOING)
                    .put("name", name);
            if (outgoing != null) {
                body.put("url", outgoing);
            }
            if (trigger != null) {
                body.put("trigger", trigger);
            }
            Session session = session();
            JsonNode answer = session.api().post(base(room), body);
            NewWebhook made = NewWebhook.from(answer);
            String url = made.hookUrl(session.server());
            if (json) {
                out().println(JsonOutput.line(answer));
                return 0;
            }
            Webhook hook = made.webhook();
            String where = "#" + Text.neutraliseLine(hook.room());
            String bot = Text.neutraliseLine(hook.bot());
            if (url != null) {
                out().println("Made incoming webhook " + hook.id() + " in " + where + ": what is posted to its URL "
                        + "appears as " + bot + ".");
            } else {
                out().println("Made outgoing webhook " + hook.id() + " in " + where + ": it sends "
                        + (hook.trigger() == null
                                ? "every new message"
                                : "the messages that start with " + Text.neutraliseLine(hook.trigger()))
                        + " to " + Text.neutraliseLine(hook.url()) + ", and posts the answers as " + bot + ".");
            }
            if (url == null) {
                out().println("Its signing key, shown this once (keep it like a password):");
                out().println(Text.neutraliseLine(made.secret()));
                out().println("Check each request's X-Chat-Signature with it (docs/integrations.md).");
                return 0;
            }
            out().println("Its secret, shown this once (keep it like a password):");
            out().println(Text.neutraliseLine(made.secret()));
            out().println("Its URL, which holds the secret: anyone who has it can post to " + where + ":");
            out().println(Text.neutraliseLine(url));
            out().println("Try it:");
            out().println("curl -sS -X POST -H 'Content-Type: application/json' -d '{\"text\": \"Hello from curl\"}' "
                    + shellQuoted(Text.neutraliseLine(url)));
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a room's webhooks, oldest first, without their secrets.")
    static final class List extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM", description = "The room (you are its owner, or an admin).")
        String room;

        @Option(
                names = "--json",
                description = "Print {\"room\", \"webhooks\": [{\"id\", \"room\", \"kind\", \"bot\", \"createdBy\", "
                        + "\"createdAt\", and for outgoing ones \"url\", \"trigger\"}]} as JSON.")
        boolean json;

        @Override
        protected int run() {
            JsonNode answer = session().api().get(base(room));
            if (json) {
                out().println(JsonOutput.line(answer));
                return 0;
            }
            Table table = new Table("ID", "KIND", "BOT", "URL", "TRIGGER", "MADE BY", "MADE");
            answer.path("webhooks").forEach(node -> {
                Webhook w = Webhook.from(node);
                table.row(
                        w.id(),
                        w.kind(),
                        w.bot(),
                        w.url() == null ? "-" : w.url(),
                        w.incoming() ? "-" : w.trigger() == null ? "every message" : w.trigger(),
                        w.createdBy(),
                        w.createdAt().toString());
            });
            out().print(table);
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a webhook: its URL stops working and nothing more is sent. Its bot account, and "
                    + "what it posted, stay.")
    static final class Delete extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM", description = "The room (you are its owner, or an admin).")
        String room;

        @Parameters(index = "1", paramLabel = "ID", description = "The webhook's id, as 'chat webhooks list' shows it.")
        String id;

        @Override
        protected int run() {
            session().api().delete(base(room) + "/" + Api.segment(id));
            out().println("Deleted webhook " + Text.neutraliseLine(id) + " of #"
                    + Text.neutraliseLine(ServerCommand.roomName(room)) + ".");
            return 0;
        }
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = {
                "An outgoing webhook's last 50 attempts to deliver a message, newest first: when, which message, "
                        + "the how-manieth try, the receiver's HTTP status (- for no answer) and why it was not "
                        + "taken (- when it was).",
                "An incoming webhook's log is empty."
            })
    static final class Log extends ServerCommand {
        @Parameters(index = "0", paramLabel = "ROOM", description = "The room (you are its owner, or an admin).")
        String room;

        @Parameters(index = "1", paramLabel = "ID", description = "The webhook's id, as 'chat webhooks list' shows it.")
        String id;

        @Option(
                names = "--json",
                description = "Print {\"attempts\": [{\"at\", \"messageId\", \"attempt\", \"status\", \"error\", "
                        + "\"millis\"}]} as JSON.")
        boolean json;

        @Override
        protected int run() {
            JsonNode answer = session().api().get(base(room) + "/" + Api.segment(id) + "/log");
            if (json) {
                out().println(JsonOutput.line(answer));
                return 0;
            }
            if (answer.path("attempts").isEmpty()) {
                out().println("No delivery attempts.");
                return 0;
            }
            Table table = new Table("TIME", "MESSAGE", "ATTEMPT", "STATUS", "ERROR")
                    .alignRight(1)
                    .alignRight(2);
            answer.path("attempts").forEach(node -> {
                WebhookAttempt a = WebhookAttempt.from(node);
                table.row(
                        a.at().toString(),
                        String.valueOf(a.messageId()),
                        String.valueOf(a.attempt()),
                        a.status() == 0 ? "-" : String.valueOf(a.status()),
                        a.taken() ? "-" : a.error());
            });
            out().print(table);
            return 0;
        }
    }

    /** {@code text} as one word for a POSIX shell. */
    static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
