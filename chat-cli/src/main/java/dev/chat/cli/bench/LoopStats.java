package dev.chat.cli.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of every connection on one event loop. Only that loop's thread writes them; others read a
 * {@link #copy()} taken on the loop, so the hot path needs neither locks nor atomics.
 */
final class LoopStats {

    final Stamp.Fields fields = new Stamp.Fields();
    /** The head of the frame being read, copied out of the read buffer. */
    final byte[] head = new byte[FrameScanner.HEAD];

    final StringBuilder scratch = new StringBuilder(256);

    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram ackLatency = new LatencyHistogram();
    /** Sends of the measured window, per room. */
    final long[] sent;

    long warmupSent;
    long acked;
    long delivered;
    long duplicated;
    long windowDeliveries;
    long foreign;
    long otherFrames;
    long late;
    long maxLatenessNanos;
    long disconnects;
    final Map<String, Long> errors = new TreeMap<>();

    long windowStart = Long.MAX_VALUE;
    long windowEnd = Long.MIN_VALUE;
    boolean closing;

    LoopStats(int rooms) {
        this.sent = new long[rooms];
    }

    void error(String code) {
        errors.merge(code, 1L, Long::sum);
    }

    LoopStats copy() {
        LoopStats copy = new LoopStats(sent.length);
        copy.add(this);
        return copy;
    }

    void add(LoopStats o) {
        latency.add(o.latency);
        ackLatency.add(o.ackLatency);
        for (int r = 0; r < sent.length; r++) {
            sent[r] += o.sent[r];
        }
        warmupSent += o.warmupSent;
        acked += o.acked;
        delivered += o.delivered;
        duplicated += o.duplicated;
        windowDeliveries += o.windowDeliveries;
        foreign += o.foreign;
        otherFrames += o.otherFrames;
        late += o.late;
        maxLatenessNanos = Math.max(maxLatenessNanos, o.maxLatenessNanos);
        disconnects += o.disconnects;
        o.errors.forEach((code, n) -> errors.merge(code, n, Long::sum));
    }

    long sentTotal() {
        long total = 0;
        for (long n : sent) {
            total += n;
        }
        return total;
    }
}
