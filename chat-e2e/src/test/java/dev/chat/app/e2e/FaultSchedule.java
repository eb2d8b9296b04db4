package dev.chat.app.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The chaos suite's fault schedule: steps at times into the traffic, and the playing of them. */
final class FaultSchedule {

    /** One thing the fault schedule does to {@code target}, {@code at} into the traffic. */
    record Step(Duration at, String what, Object target, Runnable action) {}

    private FaultSchedule() {}

    /**
     * Runs the steps at their times, one thread per target so that the steps on one target keep their order
     * (a restart never overtakes its kill) while a slow restart holds back no other target. Returns what
     * happened when, once every step is done; a step that failed fails the run after the others finished.
     */
    static List<String> play(List<Step> schedule, long started) throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Object, List<Step>> byTarget = new LinkedHashMap<>();
        schedule.stream()
                .sorted(Comparator.comparing(Step::at))
                .forEach(step -> byTarget.computeIfAbsent(step.target(), t -> new ArrayList<>())
                        .add(step));
        List<Thread> threads = new ArrayList<>();
        for (List<Step> steps : byTarget.values()) {
            Thread thread = new Thread(
                    () -> {
                        for (Step step : steps) {
                            try {
                                long wait = started + step.at().toNanos() - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000);
                                }
                                step.action().run();
                                events.add(String.format(
                                        Locale.ROOT,
                                        "%5.1f s %s (planned at %.1f s)",
                                        (System.nanoTime() - started) / 1e9,
                                        step.what(),
                                        step.at().toMillis() / 1e3));
                            } catch (InterruptedException e) {
                                return;
                            } catch (RuntimeException | AssertionError e) {
                                failures.add(e);
                                events.add(String.format(
                                        Locale.ROOT,
                                        "%5.1f s %s FAILED: %s",
                                        (System.nanoTime() - started) / 1e9,
                                        step.what(),
                                        e));
                            }
                        }
                    },
                    "chaos-schedule");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(3).toMillis());
        }
        List<String> inOrder = new ArrayList<>(events);
        Collections.sort(inOrder);
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError(
                    "a step of the fault schedule failed:\n  " + String.join("\n  ", inOrder), failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
        return inOrder;
    }
}
