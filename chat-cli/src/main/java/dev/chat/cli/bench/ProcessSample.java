package dev.chat.cli.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and resident memory at one moment, read from Linux's {@code /proc}; for this JVM also its
 * garbage collections so far ({@code gcCount}, {@code gcMillis}: -1 for another process).
 */
record ProcessSample(long nanoTime, long cpuNanos, long rssKiB, long gcCount, long gcMillis) {

    /** {@code USER_HZ}: the unit of the CPU times in {@code /proc/PID/stat}, 100 on every Linux we run on. */
    private static final long TICKS_PER_SECOND = 100;

    static ProcessSample of(long pid) throws IOException {
        long now = System.nanoTime();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new ProcessSample(now, ticks * (1_000_000_000L / TICKS_PER_SECOND), rss, -1, -1);
    }

    /**
     * This JVM, with the CPU time to the nanosecond from the JVM itself, and the collections its collectors report
     * (for the serial and G1 collectors, which a bench on one or two cores runs, their time is time the world stood
     * still: every delivery arriving meanwhile is read that much later).
     */
    static ProcessSample self() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new ProcessSample(System.nanoTime(), os.getProcessCpuTime(), 0, count, millis);
    }

    /** CPU used between the two samples, in percent of one core. */
    static double cpuPercent(ProcessSample from, ProcessSample to) {
        long wall = to.nanoTime - from.nanoTime;
        return wall <= 0 ? 0 : 100.0 * (to.cpuNanos - from.cpuNanos) / wall;
    }

    static double cpuSeconds(ProcessSample from, ProcessSample to) {
        return (to.cpuNanos - from.cpuNanos) / 1e9;
    }
}
