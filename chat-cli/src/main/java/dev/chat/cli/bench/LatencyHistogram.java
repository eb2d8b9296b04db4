package dev.chat.cli.bench;

/**
 * Counts non-negative values (microseconds) in log-linear buckets: exact below 128, then 64 buckets per
 * power of two, so a reported percentile is at most 1/64 (1.6 %) above the true one. Recording never
 * allocates; one instance belongs to one thread.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 7;
    private static final int LINEAR = 1 << SUB_BITS;
    private static final int HALF = LINEAR >> 1;
    private static final int MAX_SHIFT = 40;
    /** Values above this (about 4.5 years in microseconds) count as this. */
    static final long MAX_VALUE = (1L << (MAX_SHIFT + SUB_BITS)) - 1;

    private final long[] counts = new long[LINEAR + MAX_SHIFT * HALF];
    private long total;
    private long max;

    void record(long value) {
        long v = Math.min(Math.max(value, 0), MAX_VALUE);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /**
     * The smallest recorded value such that {@code percent} % of all values are at or below it, given as
     * the top of its bucket (never above the largest value recorded); 0 when empty.
     */
    long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highest(i), max);
            }
        }
        return max;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(this);
        return copy;
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - (SUB_BITS - 1);
        return LINEAR + (shift - 1) * HALF + (int) ((v >>> shift) - HALF);
    }

    static long lowest(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / HALF + 1;
        return (long) ((index - LINEAR) % HALF + HALF) << shift;
    }

    static long highest(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / HALF + 1;
        return lowest(index) + (1L << shift) - 1;
    }
}
