package dev.chat.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, as one JSON line for scripts or a table for people. */
final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> figures = new LinkedHashMap<>();

    /**
     * The server's and this bench's CPU while the clients connected (the server's null without {@code
     * --server-pid}): whether a connect rate is the server's or the load generator's.
     */
    record Connecting(
            ProcessSample serverStart, ProcessSample serverEnd, ProcessSample selfStart, ProcessSample selfEnd) {}

    BenchReport(
            BenchCommand options,
            BenchPlan plan,
            String run,
            LoopStats stats,
            double signInSeconds,
            double connectSeconds,
            Connecting connecting,
            ProcessSample serverBefore,
            ProcessSample serverStart,
            ProcessSample serverEnd,
            ProcessSample selfStart,
            ProcessSample selfEnd) {
        double seconds = options.duration.toNanos() / 1e9;
        long expected = expected(stats, plan);
        figures.put("run", run);
        figures.put("servers", options.servers.stream().map(URI::toString).toList());
        figures.put("clients", plan.clients());
        figures.put("rooms", plan.rooms());
        figures.put("sendersPerRoom", plan.sendersPerRoom());
        figures.put("ratePerSender", options.rate);
        figures.put("size", options.size);
        figures.put("warmupS", options.warmup.toMillis() / 1000.0);
        figures.put("durationS", seconds);
        figures.put("threads", options.threads);
        figures.put("users", plan.users());
        figures.put("guests", options.guests);
        figures.put("signInS", round(signInSeconds, 3));
        figures.put("connectS", round(connectSeconds, 3));
        figures.put("connectsPerS", round(plan.clients() / Math.max(connectSeconds, 1e-9), 0));
        figures.put(
                "benchCpuPctConnecting",
                round(ProcessSample.cpuPercent(connecting.selfStart(), connecting.selfEnd()), 1));
        if (connecting.serverStart() != null) {
            figures.put(
                    "serverCpuPctConnecting",
                    round(ProcessSample.cpuPercent(connecting.serverStart(), connecting.serverEnd()), 1));
            figures.put(
                    "serverCpuUsPerConnection",
                    round(
                            ProcessSample.cpuSeconds(connecting.serverStart(), connecting.serverEnd())
                                    * 1e6
                                    / plan.clients(),
                            1));
        } else {
            figures.put("serverCpuPctConnecting", null);
            figures.put("serverCpuUsPerConnection", null);
        }
        figures.put("offeredDeliveriesPerS", round(expected / seconds, 0));
        figures.put("sent", stats.sentTotal());
        figures.put("acked", stats.acked);
        figures.put("expected", expected);
        figures.put("delivered", stats.delivered);
        figures.put("lost", Math.max(0, expected - stats.delivered));
        figures.put("duplicated", stats.duplicated);
        figures.put("deliveriesPerS", round(stats.windowDeliveries / seconds, 0));
        figures.put("latencyP50Ms", ms(stats.latency.percentile(50)));
        figures.put("latencyP95Ms", ms(stats.latency.percentile(95)));
        figures.put("latencyP99Ms", ms(stats.latency.percentile(99)));
        figures.put("latencyMaxMs", ms(stats.latency.max()));
        figures.put("ackP50Ms", ms(stats.ackLatency.percentile(50)));
        figures.put("ackP99Ms", ms(stats.ackLatency.percentile(99)));
        figures.put("ackMaxMs", ms(stats.ackLatency.max()));
        figures.put("lateSends", stats.late);
        figures.put("lateThresholdMs", options.lateThreshold.toNanos() / 1e6);
        figures.put("maxLatenessMs", round(stats.maxLatenessNanos / 1e6, 3));
        figures.put("errors", new LinkedHashMap<>(stats.errors));
        figures.put("disconnects", stats.disconnects);
        figures.put("foreignFrames", stats.foreign);
        double benchCpu = ProcessSample.cpuSeconds(selfStart, selfEnd);
        figures.put("benchCpuPct", round(ProcessSample.cpuPercent(selfStart, selfEnd), 1));
        figures.put("benchCpuUsPerDelivery", perDelivery(benchCpu, stats.windowDeliveries));
        figures.put("benchGcCount", selfEnd.gcCount() - selfStart.gcCount());
        figures.put("benchGcMs", selfEnd.gcMillis() - selfStart.gcMillis());
        figures.put("serverPid", options.serverPid);
        if (serverStart != null) {
            figures.put("serverCpuPct", round(ProcessSample.cpuPercent(serverStart, serverEnd), 1));
            figures.put(
                    "serverCpuUsPerDelivery",
                    perDelivery(ProcessSample.cpuSeconds(serverStart, serverEnd), stats.windowDeliveries));
            figures.put("serverRssBeforeConnectMiB", round(serverBefore.rssKiB() / 1024.0, 1));
            figures.put("serverRssStartMiB", round(serverStart.rssKiB() / 1024.0, 1));
            figures.put("serverRssEndMiB", round(serverEnd.rssKiB() / 1024.0, 1));
            figures.put(
                    "serverRssPerConnectionKiB",
                    round((serverEnd.rssKiB() - serverBefore.rssKiB()) / (double) plan.clients(), 2));
        } else {
            for (String key : List.of(
                    "serverCpuPct",
                    "serverCpuUsPerDelivery",
                    "serverRssBeforeConnectMiB",
                    "serverRssStartMiB",
                    "serverRssEndMiB",
                    "serverRssPerConnectionKiB")) {
                figures.put(key, null);
            }
        }
    }

    /** Every measured send once per connection in its room, the sender's own included. */
    static long expected(LoopStats stats, BenchPlan plan) {
        long expected = 0;
        for (int r = 0; r < plan.rooms(); r++) {
            expected += stats.sent[r] * plan.readers(r);
        }
        return expected;
    }

    Map<String, Object> figures() {
        return figures;
    }

    String json() {
        try {
            return JSON.writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(
                Locale.ROOT,
                "chat bench %s: %,d clients, %,d rooms, %d sender%s/room at %s/s, %d-byte texts, "
                        + "%s s measured after %s s warm-up%n",
                figures.get("run"),
                figures.get("clients"),
                figures.get("rooms"),
                figures.get("sendersPerRoom"),
                Integer.valueOf(1).equals(figures.get("sendersPerRoom")) ? "" : "s",
                num(figures.get("ratePerSender")),
                figures.get("size"),
                num(figures.get("durationS")),
                num(figures.get("warmupS"))));
        row(
                t,
                "signed in",
                "%,d %s in %s s",
                figures.get("users"),
                (boolean) figures.get("guests") ? "guests" : "users",
                num(figures.get("signInS")));
        row(
                t,
                "connected",
                "%,d in %s s (%,.0f/s; bench CPU %s %% of a core meanwhile)",
                figures.get("clients"),
                num(figures.get("connectS")),
                figures.get("connectsPerS"),
                num(figures.get("benchCpuPctConnecting")));
        if (figures.get("serverCpuUsPerConnection") != null) {
            row(
                    t,
                    "",
                    "server CPU %s %% of a core meanwhile, %s µs per connection",
                    num(figures.get("serverCpuPctConnecting")),
                    num(figures.get("serverCpuUsPerConnection")));
        }
        row(t, "sent", "%,d (acked %,d)", figures.get("sent"), figures.get("acked"));
        row(t, "delivered", "%,d of %,d expected", figures.get("delivered"), figures.get("expected"));
        row(t, "lost", "%,d", figures.get("lost"));
        row(t, "duplicated", "%,d", figures.get("duplicated"));
        row(
                t,
                "deliveries/s",
                "%,.0f (offered %,.0f)",
                figures.get("deliveriesPerS"),
                figures.get("offeredDeliveriesPerS"));
        row(
                t,
                "latency ms",
                "p50 %s  p95 %s  p99 %s  max %s",
                num(figures.get("latencyP50Ms")),
                num(figures.get("latencyP95Ms")),
                num(figures.get("latencyP99Ms")),
                num(figures.get("latencyMaxMs")));
        row(
                t,
                "ack ms",
                "p50 %s  p99 %s  max %s",
                num(figures.get("ackP50Ms")),
                num(figures.get("ackP99Ms")),
                num(figures.get("ackMaxMs")));
        row(
                t,
                "late sends",
                "%,d (over %s ms late; worst %s ms)",
                figures.get("lateSends"),
                num(figures.get("lateThresholdMs")),
                num(figures.get("maxLatenessMs")));
        @SuppressWarnings("unchecked")
        Map<String, Long> errors = (Map<String, Long>) figures.get("errors");
        row(t, "errors", "%s", errors.isEmpty() ? "none" : errors.toString());
        row(t, "disconnects", "%,d", figures.get("disconnects"));
        row(
                t,
                "bench CPU",
                "%s %% of a core (%s µs per delivery)",
                num(figures.get("benchCpuPct")),
                num(figures.get("benchCpuUsPerDelivery")));
        row(
                t,
                "bench GC",
                "%,d collections, %,d ms (readings delayed meanwhile)",
                figures.get("benchGcCount"),
                figures.get("benchGcMs"));
        if (figures.get("serverCpuPct") != null) {
            row(
                    t,
                    "server CPU",
                    "%s %% of a core (%s µs per delivery)",
                    num(figures.get("serverCpuPct")),
                    num(figures.get("serverCpuUsPerDelivery")));
            row(
                    t,
                    "server RSS",
                    "%s MiB before connecting, %s → %s MiB over the window (%s KiB per connection)",
                    num(figures.get("serverRssBeforeConnectMiB")),
                    num(figures.get("serverRssStartMiB")),
                    num(figures.get("serverRssEndMiB")),
                    num(figures.get("serverRssPerConnectionKiB")));
        }
        return t.toString().stripTrailing();
    }

    private static void row(StringBuilder t, String label, String format, Object... args) {
        t.append(String.format(Locale.ROOT, "  %-14s", label))
                .append(String.format(Locale.ROOT, format, args))
                .append(System.lineSeparator());
    }

    private static String num(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%,d", (long) (double) d);
            }
            return String.format(Locale.ROOT, "%,.3f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return String.valueOf(value);
    }

    private static Double perDelivery(double cpuSeconds, long deliveries) {
        return deliveries == 0 ? null : round(cpuSeconds * 1e6 / deliveries, 2);
    }

    private static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
