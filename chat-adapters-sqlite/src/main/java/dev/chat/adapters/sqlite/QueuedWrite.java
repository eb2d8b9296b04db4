package dev.chat.adapters.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting for a database's writer ({@link SqliteDatabase#writeAsync}); its outcome is set by the thread
 * that runs it, before its future completes.
 */
final class QueuedWrite<T> {

    final SqliteDatabase.Work<T> work;
    final String what;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    QueuedWrite(SqliteDatabase.Work<T> work, String what) {
        this.work = work;
        this.what = what;
    }

    void run(Connection connection) throws SQLException {
        result = work.on(connection);
    }

    void fail(Throwable cause) {
        result = null;
        failure = cause;
    }

    /** The failure set so far, null if none. */
    Throwable failure() {
        return failure;
    }

    /** Tells the caller; after the commit, never before. */
    void complete() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    /** The outcome as a synchronous caller gets it: the result, or the failure thrown. */
    T outcome() {
        if (failure != null) {
            throw rethrown(failure);
        }
        return result;
    }

    /** A failure as the synchronous caller throws it: as it was, unchecked. */
    static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new SqliteStoreException("A write failed: " + failure, failure);
    }
}
