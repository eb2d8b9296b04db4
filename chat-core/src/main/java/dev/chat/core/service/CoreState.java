package dev.chat.core.service;

/** Whether the core is still open: once {@link ChatCore#close()} ran, what would write or connect is refused. */
final class CoreState {

    private volatile boolean closed;

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This chat core is closed.");
        }
    }
}
