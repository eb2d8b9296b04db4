package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stub that {@code bench/bench-overhead.sh} measures the bench against must deliver like a server. */
class FanoutStubTest {

    @ParameterizedTest(name = "flushing every {0} ms")
    @ValueSource(longs = {0, 5})
    void the_stub_delivers_every_message_of_a_bench_run_once(long flushMillis) throws Exception {
        try (FanoutStub stub = new FanoutStub(0, flushMillis)) {
            BenchRun run = BenchRun.of(
                    "--server",
                    "http://127.0.0.1:" + stub.port(),
                    "--clients",
                    "200",
                    "--rooms",
                    "4",
                    "--senders-per-room",
                    "2",
                    "--rate",
                    "100",
                    "--warmup",
                    "300ms",
                    "--duration",
                    "1s",
                    "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("sent").asLong()).isBetween(790L, 810L);
            assertThat(r.get("acked").asLong()).isEqualTo(r.get("sent").asLong());
            assertThat(r.get("expected").asLong()).isEqualTo(r.get("sent").asLong() * 50);
            assertThat(r.get("delivered").asLong()).isEqualTo(r.get("expected").asLong());
            assertThat(r.get("duplicated").asLong()).isZero();
            assertThat(r.get("foreignFrames").asLong()).isZero();
        }
    }
}
