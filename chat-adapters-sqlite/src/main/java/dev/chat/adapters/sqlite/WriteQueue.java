package dev.chat.adapters.sqlite;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The writes waiting for a database's writer, taken in groups; once stopped it takes no more. */
final class WriteQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<QueuedWrite<?>> waiting = new ArrayDeque<>();
    /** Once set, no write is taken in, and the writer ends when none is left. */
    private boolean stopped;

    /** Adds {@code write} for the writer; false once stopped. */
    boolean offer(QueuedWrite<?> write) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            waiting.add(write);
            queued.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more writes; the writer still gets those already waiting. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for writes and moves up to {@code most} of them to {@code group}; false once stopped with none left. */
    boolean takeGroup(List<QueuedWrite<?>> group, int most) {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (stopped) {
                    return false;
                }
                queued.awaitUninterruptibly();
            }
            while (group.size() < most && !waiting.isEmpty()) {
                group.add(waiting.poll());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
