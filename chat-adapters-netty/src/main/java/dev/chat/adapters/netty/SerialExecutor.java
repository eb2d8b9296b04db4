package dev.chat.adapters.netty;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks on a shared pool one at a time, in the order they came: two messages sent one
 * after the other are stored in that order. Holds at most {@code capacity} waiting tasks, and counts the
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

    private record Queued(Runnable task, boolean heavy, int chars) {}

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

    synchronized Offer offer(Runnable task, boolean heavy, int chars) {
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
            try {
                next.task().run();
            } catch (Throwable e) {
                log.error("A connection task failed", e);
                try {
                    onFailure.accept(e);
                } catch (RuntimeException ignored) {
                    // Reporting a failure must not stop the queue either.
                }
            }
        }
    }
}
