package dev.chat.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and resident memory at one moment, read from Linux's {@code /proc}. */
record ProcessSample(long nanoTime, long cpuNanos, long rssKiB) {

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
        return new ProcessSample(now, ticks * (1_000_000_000L / TICKS_PER_SECOND), rss);
    }

    /** This JVM, with the CPU time to the nanosecond from the JVM itself. */
    static ProcessSample self() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new ProcessSample(System.nanoTime(), os.getProcessCpuTime(), 0);
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
