package dev.chat.adapters.netty;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks on a shared pool one at a time, in the order they came: two messages
 * sent one after the other are stored in that order. Holds at most {@code capacity} waiting tasks.
 */
final class SerialExecutor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final int capacity;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    /** What became of an offered task. */
    enum Offer {
        ACCEPTED,
        /** This connection has too many tasks waiting: it is flooding. */
        FULL,
        /** The shared pool refused: the server is overloaded or stopping. */
        REJECTED
    }

    synchronized Offer offer(Runnable task) {
        if (queue.size() >= capacity) {
            return Offer.FULL;
        }
        queue.add(task);
        if (!running) {
            running = true;
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                queue.clear();
                running = false;
                return Offer.REJECTED;
            }
        }
        return Offer.ACCEPTED;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("A connection task failed", e);
            }
        }
    }
}
