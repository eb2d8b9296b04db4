package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat whoami}: who the kept session belongs to, as the server sees it. */
@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show who you are signed in as.")
final class WhoamiCommand extends ServerCommand {

    @Option(names = "--json", description = "Print {\"server\", \"username\", \"guest\", \"admin\"} as JSON.")
    boolean json;

    @Override
    protected int run() {
        Session session = session();
        JsonNode me = session.api().get("/api/me");
        if (json) {
            ObjectNode node = Api.JSON.createObjectNode().put("server", session.server());
            node.setAll((ObjectNode) me);
            out().println(JsonOutput.line(node));
        } else {
            String role = me.path("admin").asBoolean(false)
                    ? " (admin)"
                    : me.path("guest").asBoolean(false) ? " (guest)" : "";
            out().println(Text.neutraliseLine(me.path("username").asText()) + role + " on " + session.server());
        }
        return 0;
    }
}
