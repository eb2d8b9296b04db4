package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path data;

    private ChatApplication server(String... extra) throws InterruptedException {
        String[] args = {"--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--rate-limit", "0"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return ChatApplication.start(Config.load(all, Map.of()));
    }

    @Test
    void a_short_run_on_a_real_server_delivers_every_message_once_and_reports_it_as_one_json_line() throws Exception {
        try (ChatApplication app = server()) {
            BenchRun run = BenchRun.of(
                    "--server",
                    "http://127.0.0.1:" + app.port(),
                    "--clients",
                    "30",
                    "--rooms",
                    "3",
                    "--senders-per-room",
                    "2",
                    "--rate",
                    "25",
                    "--clients-per-user",
                    "10",
                    "--warmup",
                    "500ms",
                    "--duration",
                    "2s",
                    "--server-pid",
                    Long.toString(ProcessHandle.current().pid()),
                    "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            // 3 rooms × 2 senders × 25/s × 2 s, give or take the one send at each edge of the window.
            assertThat(r.get("sent").asLong()).isBetween(294L, 306L);
            assertThat(r.get("acked").asLong()).isEqualTo(r.get("sent").asLong());
            assertThat(r.get("expected").asLong())
                    .as("10 readers per room")
                    .isEqualTo(r.get("sent").asLong() * 10);
            assertThat(r.get("delivered").asLong()).isEqualTo(r.get("expected").asLong());
            assertThat(r.get("lost").asLong()).isZero();
            assertThat(r.get("duplicated").asLong()).isZero();
            assertThat(r.get("foreignFrames").asLong()).isZero();
            assertThat(r.get("errors").size()).isZero();
            assertThat(r.get("disconnects").asLong()).isZero();
            assertThat(r.get("users").asInt())
                    .as("6 senders, 24 readers in groups of 10")
                    .isEqualTo(9);
            // Counted by arrival time, so the warm-up's stragglers may land in the window: only the order of magnitude.
            assertThat(r.get("offeredDeliveriesPerS").asDouble()).isBetween(1_470.0, 1_530.0);
            assertThat(r.get("deliveriesPerS").asDouble()).isBetween(750.0, 2_250.0);
            assertThat(r.get("latencyP50Ms").asDouble()).isPositive();
            assertThat(r.get("latencyP95Ms").asDouble())
                    .isGreaterThanOrEqualTo(r.get("latencyP50Ms").asDouble());
            assertThat(r.get("latencyP99Ms").asDouble())
                    .isGreaterThanOrEqualTo(r.get("latencyP95Ms").asDouble());
            assertThat(r.get("latencyMaxMs").asDouble())
                    .isGreaterThanOrEqualTo(r.get("latencyP99Ms").asDouble());
            assertThat(r.get("ackP50Ms").asDouble()).isPositive();
            assertThat(r.get("connectsPerS").asDouble()).isPositive();
            assertThat(r.get("serverCpuUsPerConnection").asDouble()).isPositive();
            assertThat(r.get("serverCpuPctConnecting").asDouble()).isPositive();
            assertThat(r.get("benchCpuPctConnecting").asDouble()).isPositive();
            assertThat(r.get("serverCpuPct").asDouble()).isPositive();
            assertThat(r.get("serverRssEndMiB").asDouble()).isPositive();
            assertThat(r.get("benchCpuPct").asDouble()).isPositive();
            assertThat(r.get("benchGcCount").asLong()).isNotNegative();
            assertThat(r.get("benchGcMs").asLong()).isNotNegative();
        }
    }

    @Test
    void guests_on_two_nodes_of_one_deployment_get_every_message_and_the_table_says_so() throws Exception {
        // Two nodes on one SQLite file and one in-process fan-out; the rooms exist, as guests cannot create them.
        Config config = Config.load(
                new String[] {
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--data-dir",
                    data.toString(),
                    "--rate-limit",
                    "0",
                    "--guests",
                    "true",
                    "--default-rooms",
                    "load-0,load-1"
                },
                Map.of());
        LocalFanout bus = new LocalFanout();
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1_000);
        try (ChatApplication a = ChatApplication.start(config, Clock.systemUTC(), bus, hasher);
                ChatApplication b = ChatApplication.start(config, Clock.systemUTC(), bus, hasher)) {
            BenchRun run = BenchRun.of(
                    "--server",
                    "http://127.0.0.1:" + a.port(),
                    "--server",
                    "http://127.0.0.1:" + b.port(),
                    "--guests",
                    "--room-prefix",
                    "load-",
                    "--clients",
                    "20",
                    "--rooms",
                    "2",
                    "--rate",
                    "20",
                    "--warmup",
                    "300ms",
                    "--duration",
                    "1500ms",
                    "--threads",
                    "2");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains("20 clients, 2 rooms, 1 sender/room at 20/s")
                    .containsPattern("signed in +3 guests")
                    .containsPattern("lost +0\\R")
                    .containsPattern("duplicated +0\\R")
                    .containsPattern("latency ms +p50 [0-9.,]+ +p95 [0-9.,]+ +p99 [0-9.,]+ +max [0-9.,]+")
                    .doesNotContain("server CPU");
            assertThat(run.out()).containsPattern("delivered +([0-9,]+) of \\1 expected");
            assertThat(run.err()).contains("connecting 20 clients to 2 rooms");
        }
    }

    @Test
    void an_unreachable_server_ends_the_run_with_exit_code_1_and_one_line() {
        BenchRun run = BenchRun.of("--server", "http://127.0.0.1:1", "--clients", "2", "--duration", "1s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern("(?m)^chat bench: cannot reach http://127.0.0.1:1");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void guests_on_a_server_that_refuses_them_end_the_run_with_exit_code_1() throws Exception {
        try (ChatApplication app = server()) {
            BenchRun run = BenchRun.of("--server", "http://127.0.0.1:" + app.port(), "--guests", "--clients", "2");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("chat bench: cannot sign in as a guest: HTTP 403 guests_disabled");
        }
    }

    @Test
    void a_node_that_cannot_be_reached_ends_the_run_with_exit_code_1_before_anything_is_sent() throws Exception {
        try (ChatApplication app = server()) {
            BenchRun run = BenchRun.of(
                    "--server",
                    "http://127.0.0.1:" + app.port(),
                    "--server",
                    "http://127.0.0.1:1",
                    "--clients",
                    "4",
                    "--duration",
                    "1s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).containsPattern("(?m)^chat bench: cannot connect: .*\\(ws://127.0.0.1:1/ws\\)$");
            assertThat(run.err()).doesNotContain("sending:");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void more_senders_than_clients_is_a_usage_error() {
        BenchRun run = BenchRun.of("--clients", "3", "--rooms", "2", "--senders-per-room", "2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--clients (3) must be at least --rooms × --senders-per-room (4)");
    }
}
