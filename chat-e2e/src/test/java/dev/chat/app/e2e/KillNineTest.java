package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process, killed with SIGKILL: nothing it acknowledged may be lost. */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class KillNineTest {

    @TempDir
    Path data;

    @Test
    void every_acknowledged_message_survives_kill_9() throws Exception {
        NodeProcess server = NodeProcess.startAll(
                        1, data, List.of("--data-dir", data.resolve("db").toString()))
                .get(0);
        try {
            Api api = new Api(server.port());
            String token = api.signUp("ana", "ana-password");
            Set<Long> acked = new HashSet<>();
            try (WsClient ana = WsClient.connect(server.port(), token)) {
                ana.join("general");
                for (int i = 1; i <= 20; i++) {
                    ana.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
                }
                for (int i = 1; i <= 20; i++) {
                    acked.add(ana.awaitType("ack").get("id").asLong());
                }
                server.kill9();
            }
            server.restart();
            JsonNode history = new Api(server.port())
                    .get("/api/rooms/general/messages?limit=100", token)
                    .body();
            List<Long> ids = new ArrayList<>();
            history.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
            assertThat(ids).containsAll(acked).hasSize(20);
        } finally {
            server.close();
        }
    }
}
