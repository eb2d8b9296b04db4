package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void small_values_are_exact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(95)).isEqualTo(95);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(100)).isEqualTo(100);
        assertThat(h.max()).isEqualTo(100);
        assertThat(h.count()).isEqualTo(100);
    }

    @Test
    void percentiles_of_a_wide_spread_are_within_two_percent_and_never_below_the_truth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 1_000_000; v++) {
            h.record(v);
        }
        for (double p : new double[] {50, 90, 95, 99, 99.9}) {
            long truth = (long) (p / 100 * 1_000_000);
            assertThat(h.percentile(p)).as("p%s", p).isBetween(truth, (long) (truth * 1.016) + 1);
        }
        assertThat(h.percentile(100)).isEqualTo(1_000_000);
    }

    @Test
    void a_few_slow_values_show_in_p99_and_max_but_not_in_the_median() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 980; i++) {
            h.record(500);
        }
        for (int i = 0; i < 20; i++) {
            h.record(250_000);
        }
        assertThat(h.percentile(50)).isCloseTo(500, within(8L));
        assertThat(h.percentile(95)).isCloseTo(500, within(8L));
        assertThat(h.percentile(99)).isCloseTo(250_000, within(4_000L));
        assertThat(h.max()).isEqualTo(250_000);
    }

    @Test
    void every_bucket_holds_the_values_it_claims() {
        for (long v = 0; v < 1L << 22; v += 1 + v / 97) {
            int i = LatencyHistogram.index(v);
            assertThat(v).isBetween(LatencyHistogram.lowest(i), LatencyHistogram.highest(i));
            assertThat(LatencyHistogram.highest(i) - LatencyHistogram.lowest(i) + 1)
                    .isLessThanOrEqualTo(Math.max(1, LatencyHistogram.lowest(i) / 64));
        }
        int top = LatencyHistogram.index(LatencyHistogram.MAX_VALUE);
        assertThat(LatencyHistogram.highest(top)).isEqualTo(LatencyHistogram.MAX_VALUE);
    }

    @Test
    void out_of_range_values_are_clamped_and_empty_histograms_report_zero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(99)).isZero();
        h.record(-5);
        h.record(Long.MAX_VALUE);
        assertThat(h.percentile(50)).isZero();
        assertThat(h.max()).isEqualTo(LatencyHistogram.MAX_VALUE);
    }

    @Test
    void merged_histograms_count_everything_once() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int v = 1; v <= 50; v++) {
            a.record(v);
            b.record(v + 50);
        }
        LatencyHistogram sum = a.copy();
        sum.add(b);
        assertThat(sum.count()).isEqualTo(100);
        assertThat(sum.percentile(50)).isEqualTo(50);
        assertThat(sum.max()).isEqualTo(100);
        assertThat(a.count()).as("copy leaves the original alone").isEqualTo(50);
    }
}
