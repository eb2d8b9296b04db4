package dev.chat.core.service;

import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedder's listener behind a queue of its own: the core hands an event over and goes on, and a thread of
 * the listeners' pool calls the listener with one event at a time, in the order given, then {@code onClosed}.
 * A listener that throws, or lets more than {@link Live.Listener#BACKLOG} events wait, is given nothing more
 * but its end: its connection is told to close as {@link Live.Ending#FAILED}.
 */
final class QueuedListener implements Live.Listener {

    private static final Logger log = LoggerFactory.getLogger(QueuedListener.class);

    private final Live.Listener target;
    private final Executor pool;
    private final int backlog;
    private final ArrayDeque<LiveEvent> queue = new ArrayDeque<>();
    /** The listener's {@code onClosed}, due once the queue is empty. */
    private Runnable closing;

    private Runnable onFailure = () -> {};
    private boolean draining;
    private boolean failed;
    private boolean closed;

    QueuedListener(Live.Listener target, Executor pool, int backlog) {
        this.target = target;
        this.pool = pool;
        this.backlog = backlog;
    }

    /** What to do when the listener has failed: end its connection. */
    synchronized void onFailure(Runnable action) {
        this.onFailure = action;
    }

    @Override
    public void onEvent(LiveEvent event) {
        Runnable failure = null;
        boolean start = false;
        synchronized (this) {
            if (failed || closed) {
                return;
            }
            if (queue.size() >= backlog) {
                log.warn("A listener has {} events waiting; its connection is closed", queue.size());
                failure = fail();
            } else {
                queue.add(event);
                start = claimDrain();
            }
        }
        if (failure != null) {
            failure.run();
        }
        if (start) {
            startDrain();
        }
    }

    @Override
    public void onClosed(Live.Ending ending) {
        boolean start;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = () -> target.onClosed(ending);
            start = claimDrain();
        }
        if (start) {
            startDrain();
        }
    }

    /** Drops the events that wait (not the end); the caller runs the returned action outside the lock. */
    private Runnable fail() {
        failed = true;
        queue.clear();
        return onFailure;
    }

    /** Whether the caller is the one to start draining (under the lock). */
    private boolean claimDrain() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /** Outside the lock: the listener never runs while this object's lock is held. */
    private void startDrain() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException stopping) {
            // The core is closing: run what is due here rather than lose the end.
            drain();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                LiveEvent event = queue.poll();
                if (event != null) {
                    next = () -> target.onEvent(event);
                } else if (closing != null) {
                    next = closing;
                    closing = null;
                } else {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable e) {
                log.warn("A listener failed; its connection is closed", e);
                Runnable failure;
                synchronized (this) {
                    failure = failed ? null : fail();
                }
                if (failure != null) {
                    failure.run();
                }
            }
        }
    }
}
