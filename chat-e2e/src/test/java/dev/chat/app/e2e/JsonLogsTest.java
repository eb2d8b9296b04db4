package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json} as a log collector reads it from a server process: one JSON object per line, the
 * connection's id in the lines about a connection, the request's id (the one its answer names in {@code X-Request-Id})
 * in the lines about a request, the audit line of an admin action among them, and never a session token.
 */
class JsonLogsTest {

    @TempDir
    Path data;

    @TempDir
    Path logs;

    private NodeProcess node;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void every_line_is_json_with_the_ids_of_its_connection_and_request_and_no_token() throws Exception {
        List<String> options = List.of("--data-dir", data.toString(), "--admins", "root", "--log-format", "json");
        NodeProcess.operator(options, "create", "root", "root-password");
        node = NodeProcess.startAll(1, logs, options, Map.of("CHAT_LOG_LEVEL", "DEBUG"))
                .get(0);
        Api api = new Api(node.port());
        String root = api.login("root", "root-password");
        String ana = api.signUp("ana", "ana-password");
        WsClient socket = WsClient.connect(node.port(), ana);
        clients.add(socket);
        socket.join("general");
        Api.Response ban = api.post("/api/admin/users/ana/ban", "", root);
        assertThat(ban.status()).isEqualTo(200);
        String requestId = ban.raw().headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(socket.awaitClose()).as("ana's connection ends with her ban").isEqualTo(4403);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : node.logLines()) {
            assertThat(line)
                    .as("no session token in the log")
                    .doesNotContain(root)
                    .doesNotContain(ana);
            if (line.startsWith("{")) {
                lines.add(WsClient.JSON.readTree(line));
            }
        }
        assertThat(node.logLines()).as("every line is a JSON object").allMatch(l -> l.startsWith("{"));
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("timestamp").asLong()).isPositive();
            assertThat(l.path("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
            assertThat(l.path("loggerName").asText()).isNotEmpty();
            assertThat(l.has("formattedMessage")).isTrue();
        });
        assertThat(lines)
                .as("the start-up line")
                .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).startsWith("Chat is running at"));
        assertThat(lines)
                .as("the audit line of the ban, with the id of the request that made it")
                .anySatisfy(l -> {
                    assertThat(l.path("loggerName").asText()).isEqualTo("audit");
                    assertThat(l.path("formattedMessage").asText())
                            .contains("action=ban")
                            .contains("target=ana");
                    assertThat(l.path("mdc").path("req").asText()).isEqualTo(requestId);
                });
        assertThat(lines)
                .as("the line of ana's join, with the id of her connection")
                .anySatisfy(l -> {
                    assertThat(l.path("formattedMessage").asText()).startsWith("presence: ana joined general");
                    assertThat(l.path("mdc").path("conn").asText()).matches("[0-9a-f]{8}");
                });
    }
}
