package dev.chat.adapters.netty;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks on a shared pool one at a time, in the order they came: two messages sent one
 * after the other are stored in that order. A task may finish later ({@link #offerAsync}: a {@code send} whose
 * store answers on a thread of its own): the tasks behind it wait for it without holding a pool thread, and the
 * queue moves on, on the pool, once it has finished. Holds at most {@code capacity} waiting tasks, and counts the
 * characters they hold (in this connection and, with every other, in {@code allQueued}) so that the caller can
 * stop reading before they pile up.
 *
 * <p>A task marked heavy (one that writes a lot: a replay, a history page) starts only when {@code gate} says
 * so; until then the tasks behind it wait too, and the gate is asked again after the delay it named. A task
 * that throws, even an {@link Error}, does not stop the ones after it: it is logged and reported to
 * {@code onFailure}, and the queue carries on.
 */
final class SerialExecutor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    /** How long the queue waits before asking a pool that refused it again. */
    private static final long RETRY_MILLIS = 20;

    private final Executor pool;
    private final int capacity;
    private final LongSupplier gate;
    private final BiConsumer<Runnable, Long> later;
    private final Consumer<Throwable> onFailure;
    private final AtomicLong allQueued;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean running;
    private boolean waiting;

    private record Queued(Supplier<? extends CompletionStage<?>> task, boolean heavy, int chars) {}

    /** Without a gate, failure hook or shared count: for tasks that are all light. */
    SerialExecutor(Executor pool, int capacity) {
        this(pool, capacity, () -> 0, (task, delay) -> task.run(), failure -> {}, new AtomicLong());
    }

    /**
     * @param gate      asked before a heavy task: 0 to run it now, else how many milliseconds to wait first
     * @param later     runs a task after a delay in milliseconds (the connection's event loop does)
     * @param onFailure told of every task that threw
     * @param allQueued the characters queued by every connection, this one included
     */
    SerialExecutor(
            Executor pool,
            int capacity,
            LongSupplier gate,
            BiConsumer<Runnable, Long> later,
            Consumer<Throwable> onFailure,
            AtomicLong allQueued) {
        this.pool = pool;
        this.capacity = capacity;
        this.gate = gate;
        this.later = later;
        this.onFailure = onFailure;
        this.allQueued = allQueued;
    }

    /** What became of an offered task. */
    enum Offer {
        ACCEPTED,
        /** This connection has too many tasks waiting: it is flooding. */
        FULL,
        /** The shared pool refused: the server is overloaded or stopping. */
        REJECTED
    }

    Offer offer(Runnable task) {
        return offer(task, false, 0);
    }

    Offer offer(Runnable task, boolean heavy, int chars) {
        return offerAsync(
                () -> {
                    task.run();
                    return null;
                },
                heavy,
                chars);
    }

    /**
     * Queues a task that may finish later: the next task starts once the stage it returns has completed (at once
     * when it returns null). A stage that completes exceptionally counts as a task that threw.
     */
    synchronized Offer offerAsync(Supplier<? extends CompletionStage<?>> task, boolean heavy, int chars) {
        if (queue.size() >= capacity) {
            return Offer.FULL;
        }
        queue.add(new Queued(task, heavy, chars));
        queuedChars += chars;
        allQueued.addAndGet(chars);
        if (!running && !waiting && !start()) {
            return Offer.REJECTED;
        }
        return Offer.ACCEPTED;
    }

    /**
     * Forgets every task still waiting (the connection is gone: nobody is there to be answered; a {@code send}
     * among them was not acknowledged, so its client sends it again), then queues {@code last}.
     */
    synchronized Offer replaceWaiting(Runnable last) {
        allQueued.addAndGet(-queuedChars);
        queuedChars = 0;
        queue.clear();
        waiting = false;
        return offer(last, false, 0);
    }

    /** Characters held by this connection's waiting tasks. */
    synchronized long queuedChars() {
        return queuedChars;
    }

    /** A heavy task may be able to start now (the connection drained its output): ask the gate again. */
    synchronized void resume() {
        if (waiting) {
            waiting = false;
            if (!queue.isEmpty() && !running) {
                start();
            }
        }
    }

    /** Called holding the lock. False (and the queue emptied) when the pool refused. */
    private boolean start() {
        running = true;
        try {
            pool.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            running = false;
            allQueued.addAndGet(-queuedChars);
            queuedChars = 0;
            queue.clear();
            return false;
        }
    }

    private void drain() {
        while (true) {
            Queued next;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    running = false;
                    return;
                }
                if (next.heavy()) {
                    long delay = gate.getAsLong();
                    if (delay > 0) {
                        running = false;
                        waiting = true;
                        later.accept(this::resume, delay);
                        return;
                    }
                }
                queue.poll();
                queuedChars -= next.chars();
                allQueued.addAndGet(-next.chars());
            }
            CompletionStage<?> finishing;
            try {
                finishing = next.task().get();
            } catch (Throwable e) {
                failed(e);
                continue;
            }
            if (finishing != null) {
                CompletableFuture<?> outcome = finishing.toCompletableFuture();
                if (!outcome.isDone()) {
                    // Still running: the queue stays marked running, and goes on when it finishes.
                    outcome.whenComplete((result, failure) -> finished(failure));
                    return;
                }
                if (outcome.isCompletedExceptionally()) {
                    outcome.whenComplete((result, failure) -> failed(failure));
                }
            }
        }
    }

    /** A task that finished later: the queue goes on, on the pool (not on the thread that finished it). */
    private void finished(Throwable failure) {
        if (failure != null) {
            failed(failure);
        }
        synchronized (this) {
            if (queue.isEmpty()) {
                running = false;
                return;
            }
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException busy) {
                // The pool is full or stopping: this connection's frames are tried again shortly, not dropped.
                running = false;
                waiting = true;
                later.accept(this::resume, RETRY_MILLIS);
            }
        }
    }

    private void failed(Throwable e) {
        Throwable failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.error("A connection task failed", failure);
        try {
            onFailure.accept(failure);
        } catch (RuntimeException ignored) {
            // Reporting a failure must not stop the queue either.
        }
    }
}
