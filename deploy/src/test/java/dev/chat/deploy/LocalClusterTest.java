package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.testsupport.WsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local/cluster.sh}: up starts Redis, dynalite, three nodes and nginx; two people chatting
 * through nginx's one URL are served by different nodes; down leaves no process behind.
 */
class LocalClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path state;

    private final Map<String, String> env = new HashMap<>();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The first of {@code count} consecutive ports that are free now: the script gives its nodes the ports after
     * the first one's, and another test's server may hold one of those (CI once saw node-2's taken).
     */
    private static int freePorts(int count) throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            int first = freePort();
            boolean free = first + count <= 65_535;
            for (int port = first + 1; free && port < first + count; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    free = socket.getLocalPort() == port;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no run of " + count + " free ports found");
    }

    private String cluster(String command) throws Exception {
        Path log = state.resolve("cluster-" + command + ".out");
        ProcessBuilder builder = new ProcessBuilder(
                        Template.repo().resolve("deploy/local/cluster.sh").toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS))
                .as("cluster.sh %s finished", command)
                .isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("cluster.sh %s: %s", command, output).isZero();
        return output;
    }

    /** The next frame of {@code type} whose {@code field} is {@code value} (any, without a field), within 15 s. */
    private static JsonNode await(WsClient client, String type, String field, String value) {
        return client.await(
                Duration.ofSeconds(15),
                frame -> type.equals(frame.path("type").asText())
                        && (field == null || value.equals(frame.path(field).asText())));
    }

    private String signUp(int port, String user) throws Exception {
        String credentials = "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}";
        HttpResponse<String> registered = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/register"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(credentials))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(credentials))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return JSON.readTree(login.body()).get("token").asText();
    }

    /** The node nginx sent each WebSocket upgrade to, from its access log, in order. */
    private List<String> upgradeUpstreams() throws IOException {
        Path log = state.resolve("logs/nginx-access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"GET /ws "))
                .map(l -> l.substring(l.indexOf("upstream=") + "upstream=".length())
                        .strip())
                .toList();
    }

    @Test
    void two_people_chat_through_one_url_on_different_nodes_and_down_leaves_nothing_running() throws Exception {
        int port = freePort();
        env.put("CLUSTER_DIR", state.toString());
        env.put("CLUSTER_PORT", String.valueOf(port));
        env.put("CLUSTER_NODE_PORT", String.valueOf(freePorts(3)));
        env.put("CLUSTER_REDIS_PORT", String.valueOf(freePort()));
        env.put("CLUSTER_DYNAMO_PORT", String.valueOf(freePort()));
        List<Long> pids = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        try {
            assertThat(cluster("up")).contains("up: http://localhost:" + port + "/");
            try (Stream<Path> files = Files.list(state.resolve("pids"))) {
                files.forEach(f -> pids.add(Long.parseLong(read(f).strip())));
            }
            assertThat(pids).as("redis, dynalite, 3 nodes, nginx").hasSize(6);

            String ana = signUp(port, "ana");
            String bob = signUp(port, "bob");
            // With one nginx worker, round robin sends consecutive connections to consecutive nodes.
            WsClient first = WsClient.connect(port, ana);
            WsClient second = WsClient.connect(port, bob);
            clients.add(first);
            clients.add(second);

            first.sendRaw("{\"type\":\"join\",\"room\":\"general\"}");
            await(first, "joined", "room", "general");
            second.sendRaw("{\"type\":\"join\",\"room\":\"general\"}");
            await(second, "joined", "room", "general");
            second.sendRaw("{\"type\":\"send\",\"room\":\"general\",\"text\":\"hi ana\",\"clientId\":\"b1\"}");
            assertThat(await(first, "message", "clientId", "b1").get("text").asText())
                    .isEqualTo("hi ana");
            first.sendRaw("{\"type\":\"send\",\"room\":\"general\",\"text\":\"hi bob\",\"clientId\":\"a1\"}");
            assertThat(await(second, "message", "clientId", "a1").get("text").asText())
                    .isEqualTo("hi bob");

            // nginx logs a WebSocket when its tunnel closes, with the node it was proxied to.
            clients.forEach(WsClient::close);
            long logged = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (upgradeUpstreams().size() < 2 && System.nanoTime() < logged) {
                Thread.sleep(100);
            }
            assertThat(new LinkedHashSet<>(upgradeUpstreams()))
                    .as("the nodes that served ana's and bob's sockets")
                    .hasSize(2);
        } finally {
            clients.forEach(WsClient::abort);
            cluster("down");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pids.stream().anyMatch(LocalClusterTest::alive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pids).as("processes still running after down").noneMatch(LocalClusterTest::alive);
        assertThat(state.resolve("pids")).isEmptyDirectory();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void status_and_down_of_a_cluster_never_started_do_nothing() throws Exception {
        env.put("CLUSTER_DIR", state.toString());

        assertThat(cluster("status")).contains("nothing started");
        cluster("down");
    }

    @Test
    void anything_but_up_down_or_status_is_a_usage_error() throws Exception {
        Process process = new ProcessBuilder(
                        Template.repo().resolve("deploy/local/cluster.sh").toString(), "start")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("usage:");
    }
}
