package dev.chat.adapters.sqlite;

import com.sun.management.OperatingSystemMXBean;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The SQLite writer alone, without a server around it: {@code bench/run.sh store} runs this on one core to show
 * how many appends one database's writer commits a second and what each costs, apart from everything else a post
 * costs. Appends at a fixed offered rate (ticks of a millisecond) into {@code rooms} rooms from two authors each,
 * 64-character texts, through {@link SqliteMessageStore#appendAsync} on a file in a new temporary folder; a
 * warm-up first, then the measured window. Prints one JSON line: appends answered a second within the window, the
 * process's CPU per append over it (this program's own pacing included; the writer's share beside it), and the
 * answers' latency for the appends offered in the window. Asserts nothing.
 *
 * <p>Usage: {@code AppendLoad <appends/s> <warm-up s> <measured s> [rooms]}
 */
public final class AppendLoad {

    private AppendLoad() {}

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int warmupSeconds = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rooms = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        Path dir = Files.createTempDirectory("append-load");
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("chat.db"))) {
            System.out.println(run(new SqliteMessageStore(db), rate, warmupSeconds, seconds, rooms));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static String run(SqliteMessageStore store, int rate, int warmupSeconds, int seconds, int rooms)
            throws InterruptedException {
        RoomName[] roomNames = new RoomName[rooms];
        for (int i = 0; i < rooms; i++) {
            roomNames[i] = RoomName.of("bench-" + i);
        }
        Username[] authors = new Username[rooms * 2];
        for (int i = 0; i < authors.length; i++) {
            authors[i] = Username.of("author-" + i);
        }
        MessageText text = MessageText.of("x".repeat(64));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long warmup = (long) rate * warmupSeconds;
        long total = warmup + (long) rate * seconds;
        long[] latencies = new long[(int) (total - warmup)];
        AtomicLong answeredInWindow = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        long[] window = new long[2];
        long start = System.nanoTime();
        window[0] = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        long cpuAtStart = 0;
        long writerCpuAtStart = 0;
        boolean measuring = false;
        for (long n = 0; n < total; n++) {
            long due = start + n * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(1_000_000);
            }
            if (n == warmup && !measuring) {
                measuring = true;
                cpuAtStart = os.getProcessCpuTime();
                writerCpuAtStart = writerCpu();
            }
            int author = (int) (n % authors.length);
            long index = n - warmup;
            long sentAt = System.nanoTime();
            outstanding.incrementAndGet();
            store.appendAsync(new NewMessage(
                            roomNames[author / 2], authors[author], new ClientId("c" + n), text, Instant.now()))
                    .whenComplete((appended, failure) -> {
                        long now = System.nanoTime();
                        if (failure != null) {
                            failed.incrementAndGet();
                        } else if (index >= 0) {
                            latencies[(int) index] = now - sentAt;
                        }
                        if (now >= window[0] && now < window[1]) {
                            answeredInWindow.incrementAndGet();
                        }
                        outstanding.decrementAndGet();
                    });
        }
        while (System.nanoTime() < window[1]) {
            LockSupport.parkNanos(1_000_000);
        }
        long cpu = os.getProcessCpuTime() - cpuAtStart;
        long writerCpuNanos = writerCpu() - writerCpuAtStart;
        long answered = answeredInWindow.get();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outstanding.get() > 0 && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(10_000_000);
        }
        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "{\"offeredAppendsPerS\": %d, \"appendsPerS\": %d, \"cpuUsPerAppend\": %.1f, \"writerCpuPct\": %.1f,"
                        + " \"answerP50Ms\": %.2f, \"answerP99Ms\": %.2f, \"unanswered\": %d, \"failed\": %d}",
                rate,
                answered / seconds,
                answered == 0 ? 0.0 : cpu / 1e3 / answered,
                writerCpuNanos / 1e7 / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                outstanding.get(),
                failed.get());
    }

    /** CPU time of the database's writer thread so far, in nanoseconds. */
    private static long writerCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("sqlite-writer-")) {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return 0;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
    }
}
