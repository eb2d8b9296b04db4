package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's queue of work: in order, one at a time, and never stuck. */
class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Before: only a RuntimeException was caught, so an Error (an OutOfDirectMemoryError, say) left the queue
     * marked as running for ever; every later frame of the connection, a rejoin included, waited without end.
     */
    @Test
    void a_task_that_throws_an_error_does_not_stop_the_tasks_after_it() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        SerialExecutor serial =
                new SerialExecutor(pool, 16, () -> 0, (task, delay) -> task.run(), reported::add, new AtomicLong());
        List<Integer> ran = new CopyOnWriteArrayList<>();
        serial.offer(() -> ran.add(1));
        serial.offer(() -> {
            throw new OutOfMemoryError("Direct buffer memory");
        });
        serial.offer(() -> ran.add(3));
        awaitSize(ran, 2);
        serial.offer(() -> ran.add(4));
        awaitSize(ran, 3);

        assertThat(ran).containsExactly(1, 3, 4);
        assertThat(reported).singleElement().isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void a_heavy_task_waits_while_the_gate_says_so_and_the_ones_behind_it_wait_too() throws Exception {
        AtomicLong waitMillis = new AtomicLong(30);
        List<Runnable> later = new CopyOnWriteArrayList<>();
        SerialExecutor serial = new SerialExecutor(
                pool, 16, waitMillis::get, (task, delay) -> later.add(task), failure -> {}, new AtomicLong());
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.offer(() -> ran.add("light"));
        serial.offer(() -> ran.add("heavy"), true, 10);
        serial.offer(() -> ran.add("after"));
        awaitSize(ran, 1);
        Thread.sleep(100);
        assertThat(ran).containsExactly("light");
        assertThat(serial.queuedChars()).isEqualTo(10);

        waitMillis.set(0);
        new ArrayList<>(later).forEach(Runnable::run);
        awaitSize(ran, 3);
        assertThat(ran).containsExactly("light", "heavy", "after");
        assertThat(serial.queuedChars()).isZero();
    }

    @Test
    void what_the_waiting_tasks_hold_is_counted_for_every_connection_together() throws Exception {
        AtomicLong all = new AtomicLong();
        SerialExecutor a = new SerialExecutor(pool, 16, () -> 50, (task, delay) -> {}, failure -> {}, all);
        SerialExecutor b = new SerialExecutor(pool, 16, () -> 50, (task, delay) -> {}, failure -> {}, all);
        a.offer(() -> {}, true, 100);
        b.offer(() -> {}, true, 250);
        Thread.sleep(50);
        assertThat(all.get()).isEqualTo(350);
        assertThat(a.queuedChars()).isEqualTo(100);
    }

    /** A connection that is gone leaves no work behind it: a flood of replays would otherwise run for nobody. */
    @Test
    void when_the_connection_goes_the_tasks_still_waiting_are_dropped_and_only_its_last_one_runs() throws Exception {
        AtomicLong all = new AtomicLong();
        List<String> ran = new CopyOnWriteArrayList<>();
        SerialExecutor serial = new SerialExecutor(pool, 16, () -> 1_000, (task, delay) -> {}, failure -> {}, all);
        serial.offer(() -> ran.add("heavy"), true, 40);
        serial.offer(() -> ran.add("queued"), false, 2);
        Thread.sleep(50);
        assertThat(ran).isEmpty();

        serial.replaceWaiting(() -> ran.add("close"));
        awaitSize(ran, 1);
        Thread.sleep(50);
        assertThat(ran).containsExactly("close");
        assertThat(all.get()).isZero();
    }

    /**
     * A send whose store answers later: the connection's next task waits for it, in order, but the pool's one
     * thread is free meanwhile for another connection.
     */
    @Test
    void a_task_that_finishes_later_holds_back_the_next_one_of_its_connection_and_no_pool_thread() throws Exception {
        ExecutorService onePool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor ana = new SerialExecutor(onePool, 16);
            SerialExecutor bob = new SerialExecutor(onePool, 16);
            List<String> ran = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> stored = new CompletableFuture<>();
            ana.offerAsync(
                    () -> {
                        ran.add("ana sends");
                        return stored.thenRun(() -> ran.add("ana acked"));
                    },
                    false,
                    0);
            ana.offer(() -> ran.add("ana's next frame"));
            bob.offer(() -> ran.add("bob's frame"));
            awaitSize(ran, 2);
            Thread.sleep(50);
            assertThat(ran).containsExactly("ana sends", "bob's frame");

            stored.complete(null);

            awaitSize(ran, 4);
            assertThat(ran).containsExactly("ana sends", "bob's frame", "ana acked", "ana's next frame");
        } finally {
            onePool.shutdownNow();
        }
    }

    /** The connection went while a send waited for the store: its close runs once that send is answered. */
    @Test
    void a_connection_that_goes_while_a_task_finishes_later_is_closed_after_it() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, 16);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        serial.offerAsync(
                () -> {
                    ran.add("sending");
                    return stored.thenRun(() -> ran.add("acked"));
                },
                false,
                0);
        serial.offer(() -> ran.add("dropped"));
        awaitSize(ran, 1);

        serial.replaceWaiting(() -> ran.add("close"));
        Thread.sleep(50);
        assertThat(ran).containsExactly("sending");
        stored.complete(null);

        awaitSize(ran, 3);
        Thread.sleep(50);
        assertThat(ran).containsExactly("sending", "acked", "close");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).as("tasks run").hasSizeGreaterThanOrEqualTo(size);
    }
}
