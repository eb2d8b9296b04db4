package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench's own collections are counted, so that a pause of the load generator shows beside the latency. */
class ProcessSampleTest {

    @Test
    void the_bench_counts_the_collections_its_own_jvm_made_between_two_samples() {
        ProcessSample before = ProcessSample.self();
        System.gc();
        ProcessSample after = ProcessSample.self();

        assertThat(after.gcCount() - before.gcCount()).isPositive();
        assertThat(after.gcMillis()).isGreaterThanOrEqualTo(before.gcMillis());
    }

    @Test
    void another_process_s_collections_are_not_known() throws Exception {
        ProcessSample self = ProcessSample.of(ProcessHandle.current().pid());

        assertThat(self.gcCount()).isEqualTo(-1);
        assertThat(self.cpuNanos()).isPositive();
    }
}
