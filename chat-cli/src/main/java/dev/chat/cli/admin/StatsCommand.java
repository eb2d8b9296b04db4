package dev.chat.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.JsonOutput;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat admin stats}: online users, connections per node and messages per minute. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Show online users, and connections, online users and messages per minute of each server node.",
            "Nodes report every 5 s; a node silent for about 30 s is left out."
        })
final class StatsCommand extends ServerCommand {

    @Option(
            names = "--json",
            description = "Print {\"onlineUsers\", \"messagesPerMinute\", \"nodes\": [{\"node\", \"connections\", "
                    + "\"onlineUsers\", \"messagesPerMinute\"}]} as JSON.")
    boolean json;

    @Override
    protected int run() {
        JsonNode stats = session().api().get("/api/admin/stats");
        if (json) {
            out().println(JsonOutput.line(stats));
            return 0;
        }
        out().println("Online users:        " + stats.path("onlineUsers").asLong());
        out().println("Messages per minute: " + stats.path("messagesPerMinute").asLong());
        out().println();
        Table table = new Table("NODE", "CONNECTIONS", "ONLINE USERS", "MESSAGES/MIN")
                .alignRight(1)
                .alignRight(2)
                .alignRight(3);
        for (JsonNode node : stats.path("nodes")) {
            table.row(
                    node.path("node").asText(),
                    node.path("connections").asText("0"),
                    node.path("onlineUsers").asText("0"),
                    node.path("messagesPerMinute").asText("0"));
        }
        out().print(table);
        return 0;
    }
}
