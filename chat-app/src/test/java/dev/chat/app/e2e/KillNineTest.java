package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process, killed with SIGKILL: nothing it acknowledged may be lost. */
class KillNineTest {

    @TempDir
    Path data;

    @Test
    void every_acknowledged_message_survives_kill_9() throws Exception {
        int port = freePort();
        Process server = launch(port);
        try {
            Api api = new Api(port);
            String token = api.signUp("ana", "ana-password");
            Set<Long> acked = new HashSet<>();
            try (WsClient ana = WsClient.connect(port, token)) {
                ana.join("general");
                for (int i = 1; i <= 20; i++) {
                    ana.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
                }
                for (int i = 1; i <= 20; i++) {
                    acked.add(ana.awaitType("ack").get("id").asLong());
                }
                server.destroyForcibly().waitFor();
            }
            server = launch(port);
            JsonNode history = new Api(port)
                    .get("/api/rooms/general/messages?limit=100", token)
                    .body();
            List<Long> ids = new ArrayList<>();
            history.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
            assertThat(ids).containsAll(acked).hasSize(20);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private Process launch(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.chat.app.Main",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        data.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File(data.toFile(), "server.log"))
                .start();
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (api.get("/healthz", null).status() == 200) {
                    return process;
                }
            } catch (IllegalStateException notYet) {
                Thread.sleep(100);
            }
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue());
            }
        }
        process.destroyForcibly();
        throw new AssertionError("server did not start within 30 s");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
