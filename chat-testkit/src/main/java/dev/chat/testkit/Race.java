package dev.chat.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs one task per thread, all released by a single start gate, and fails if they do not finish in time. */
public final class Race {

    /** Generous, because a shared SQLite file or a remote store makes racers wait for each other. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Race() {}

    /** Runs {@code task(0)} … {@code task(threads - 1)} at once and returns their results in that order. */
    public static <T> List<T> run(int threads, IntFunction<? extends T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int racer = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    gate.await();
                    return task.apply(racer);
                };
                futures.add(pool.submit(call));
            }
            if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The racers did not line up within " + TIMEOUT);
            }
            gate.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<T> results = new ArrayList<>(threads);
            for (Future<T> future : futures) {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (TimeoutException e) {
            throw new AssertionError("The racers did not finish within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new AssertionError("A racer failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
