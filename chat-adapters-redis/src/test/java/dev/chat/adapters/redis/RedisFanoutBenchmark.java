package dev.chat.adapters.redis;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.out.Fanout;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Cross-node delivery through Redis, measured: how many events per second one node can publish to another
 * through a real redis-server, and the latency Redis adds over the in-process fan-out. Prints its figures;
 * it asserts nothing. Run it with {@code bench/redis-fanout.sh} (see docs/performance.md).
 *
 * <p>Each scenario offers events at a fixed rate for a few seconds from node A to a subscriber on node B,
 * each event carrying its send time, and reports what arrived, what was dropped and the latency
 * percentiles.
 */
public final class RedisFanoutBenchmark {

    private static final RoomName ROOM = new RoomName("bench");
    private static final Username AUTHOR = new Username("bench");
    private static final String TEXT = "x".repeat(64);
    private static final int SECONDS = 3;

    private RedisFanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
        try (RedisServer redis = RedisServer.start()) {
            System.out.println("redis-server on 127.0.0.1:" + redis.port() + ", 64-character messages, one room");
            System.out.println();
            System.out.println("| fan-out | offered/s | delivered/s | dropped | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            LocalFanout local = new LocalFanout();
            run("in-process", local, local, 1_000);
            run("in-process", local, local, 100_000);
            RedisSettings settings = RedisSettings.of(URI.create(redis.url()));
            try (RedisNode a = RedisNode.connect(settings);
                    RedisNode b = RedisNode.connect(settings)) {
                run("redis, warm-up", a.fanout(), b.fanout(), 5_000);
                for (int rate : new int[] {1_000, 10_000, 25_000, 50_000, 100_000, 200_000}) {
                    long droppedBefore = a.redisFanout().droppedEvents();
                    run("redis", a.fanout(), b.fanout(), rate);
                    long dropped = a.redisFanout().droppedEvents() - droppedBefore;
                    if (dropped > 0) {
                        System.out.println("  (the publishing node dropped " + dropped + " events at this rate)");
                    }
                }
            }
        }
    }

    @SuppressWarnings("try") // the subscription is held for the measurement, not read
    private static void run(String name, Fanout publisher, Fanout receiver, int ratePerSecond) throws Exception {
        int total = ratePerSecond * SECONDS;
        long[] latencies = new long[total];
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastArrival = new AtomicLong();
        try (Fanout.Subscription ignored = receiver.subscribe(ChatEvent.roomTopic(ROOM), event -> {
            if (event instanceof ChatEvent.MessagePosted posted) {
                long sent = Long.parseLong(posted.message().clientId().value());
                int i = received.getAndIncrement();
                long now = System.nanoTime();
                lastArrival.set(now);
                if (i < latencies.length) {
                    latencies[i] = now - sent;
                }
            }
        })) {
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 20_000) {
                    LockSupport.parkNanos(wait);
                }
                publisher.publish(new ChatEvent.MessagePosted(new Message(
                        ROOM,
                        i + 1,
                        AUTHOR,
                        new MessageText(TEXT),
                        Instant.EPOCH,
                        new ClientId(Long.toString(System.nanoTime())))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int last = -1;
            while (received.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(200);
                if (received.get() == last) {
                    break;
                }
                last = received.get();
            }
            long elapsed = Math.max(1, lastArrival.get() - start);
            int got = Math.min(received.get(), total);
            long[] sorted = Arrays.copyOf(latencies, got);
            Arrays.sort(sorted);
            double seconds = elapsed / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %,.0f | %,d | %s | %s | %s |%n",
                    name,
                    ratePerSecond,
                    got / seconds,
                    total - got,
                    ms(sorted, 0.50),
                    ms(sorted, 0.99),
                    ms(sorted, 1.0));
        }
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return String.format(Locale.ROOT, "%.2f", sorted[Math.max(0, index)] / 1e6);
    }
}
