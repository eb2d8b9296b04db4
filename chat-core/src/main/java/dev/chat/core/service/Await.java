package dev.chat.core.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The synchronous face of the core's futures: waits, and throws a failure as it was thrown. */
final class Await {

    private Await() {}

    /**
     * The future's value once it has one. Not interruptible: what it waits for goes ahead anyway (a message
     * being stored), and its caller must learn how it ended.
     */
    static <T> T result(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
