package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.Readiness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite file opened through a single connection. Its writes are made by one thread of its own, the writer,
 * which commits every write waiting in one transaction; reads are made by their callers, taking turns on the
 * connection with the writer. Several instances may open the same file, as nodes sharing one store would, because
 * every write is an immediate transaction.
 */
public final class SqliteDatabase implements Readiness, AutoCloseable {

    /**
     * The most writes committed in one transaction. A group is what waited while the previous one committed, so
     * under load it grows by itself to what one flush per commit needs; the bound matters only for a burst, and
     * keeps one transaction (which the reads wait behind, and the group's first caller waits for) short: 256
     * appends are about 1,300 short statements, savepoints included.
     */
    private static final int MAX_GROUP = 256;

    /** How long {@link #close} waits for the writer to finish with the writes it holds. */
    private static final long WRITER_STOP_MILLIS = 10_000;

    private final Path file;

    /** The connection's turn: held by the writer for a transaction, by a caller for a read. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Connection connection;
    /** The connection as the stores' work sees it: each statement compiled once. */
    private final StatementCache statements;

    /** Set holding {@link #lock}. */
    private boolean closed;
    /** Whether a transaction is open on the connection; read and set holding {@link #lock}. */
    private boolean inTransaction;

    /** What the stores keep in memory of what their writes made ({@link #roomHeads}); used holding {@link #lock}. */
    private final KeptState kept = new KeptState();

    /** The writes waiting for the writer. */
    private final WriteQueue waiting = new WriteQueue();

    private final Thread writer;
    private final SqliteFileLock hold;

    /** Opens (creating if needed) the file and its schema. */
    public SqliteDatabase(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        // Held while open: a restore cannot replace the file under this server (SqliteBackup).
        this.hold = SqliteFileLock.shared(this.file);
        try {
            this.connection = SqliteConnections.open(this.file);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        this.statements = new StatementCache(connection);
        this.writer = new Thread(this::writeLoop, "sqlite-writer-" + this.file.getFileName());
        writer.setDaemon(true);
        writer.start();
        try {
            // One immediate transaction: of several nodes opening an old file at once, one migrates it and
            // the others then find it migrated.
            write(
                    c -> {
                        SqliteSchema.migrate(c, this.file);
                        return null;
                    },
                    "create or update the schema");
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** The file this database keeps its data in. */
    public Path file() {
        return file;
    }

    /** Whether a trivial query succeeds right now. */
    @Override
    public boolean isReady() {
        try {
            return read(
                    c -> {
                        try (Statement statement = c.createStatement();
                                ResultSet result = statement.executeQuery("SELECT 1")) {
                            return result.next() && result.getInt(1) == 1;
                        }
                    },
                    "check readiness");
        } catch (SqliteStoreException e) {
            return false;
        }
    }

    /**
     * Closes the file once the transaction under way (if any) is committed. Writes still waiting then fail, as
     * do any made later; the writer ends.
     */
    @Override
    public void close() {
        waiting.stop();
        try {
            closeConnection();
        } finally {
            try {
                awaitWriter();
            } finally {
                hold.close();
            }
        }
    }

    private void closeConnection() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    statements.close();
                } finally {
                    connection.close();
                }
            }
        } catch (SQLException e) {
            throw new SqliteStoreException("Cannot close the SQLite database " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The writer fails what it still holds (the file is closed) and ends; it is not waited for from itself. */
    private void awaitWriter() {
        if (Thread.currentThread() == writer) {
            return;
        }
        try {
            writer.join(WRITER_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (SqliteStoreException ignored) {
            // Opening already failed; that failure is the one to report.
        }
    }

    /**
     * The rooms' heads as this connection's writes left them, forgotten whenever they may no longer hold (see
     * {@link RoomHeads}); read and changed only in the work of writes, which run one at a time holding the
     * connection's turn.
     */
    RoomHeads roomHeads() {
        return kept.roomHeads();
    }

    /** Work to do on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Runs {@code work} alone on the connection, in autocommit mode: fit for reads and single statements. */
    <T> T read(Work<T> work, String what) {
        lock.lock();
        try {
            ensureOpen(what);
            return work.on(statements.connection());
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction and returns once that transaction is committed:
     * {@link #writeAsync}, waited for. Taking the write lock up front makes every connection to the file, in this
     * process or another, queue for it (up to the busy timeout), so a read-then-write inside {@code work} cannot
     * interleave with another.
     *
     * <p>Called by the writer itself (from a write's work, or from something a completed write ran on its thread)
     * or from inside a {@link #read}, a queued write would wait for itself: it is run at once instead, inside the
     * transaction under way if there is one (in a savepoint of its own, committed with that transaction), else in
     * a transaction of its own.
     */
    <T> T write(Work<T> work, String what) {
        if (Thread.currentThread() == writer || lock.isHeldByCurrentThread()) {
            return writeHere(new QueuedWrite<>(work, what));
        }
        try {
            return writeAsync(work, what).join();
        } catch (CompletionException e) {
            throw QueuedWrite.rethrown(e.getCause());
        }
    }

    /**
     * Queues {@code work} for the writer, which runs it in a {@code BEGIN IMMEDIATE} transaction together with every
     * other write waiting (up to {@link #MAX_GROUP}), each in a savepoint of its own: one that fails is rolled back
     * alone and fails alone, and a commit that fails fails them all. The group costs one commit, and so one flush
     * to disk. The future completes once the transaction is committed (or has failed), on the writer's thread:
     * what depends on it must not block there, or every write of the file waits; hand it on to an executor.
     */
    <T> CompletableFuture<T> writeAsync(Work<T> work, String what) {
        QueuedWrite<T> write = new QueuedWrite<>(work, what);
        return waiting.offer(write) ? write.future : CompletableFuture.failedFuture(closedFailure(what));
    }

    /** The writer: takes what waits, commits it as one group, then tells each caller. */
    private void writeLoop() {
        List<QueuedWrite<?>> group = new ArrayList<>(MAX_GROUP);
        while (waiting.takeGroup(group, MAX_GROUP)) {
            try {
                commit(group);
            } catch (Throwable e) {
                // commit records each write's outcome itself; this is for what it could not (out of memory, say).
                failAll(group, e);
            }
            // Outside the connection's turn: readers need not wait while the callers are told.
            for (QueuedWrite<?> write : group) {
                write.complete();
            }
            group.clear();
        }
    }

    /** A write that cannot wait for the writer (see {@link #write}), run now on the calling thread. */
    private <T> T writeHere(QueuedWrite<T> write) {
        lock.lock();
        try {
            if (inTransaction) {
                try {
                    runInSavepoint(write, "nested_write");
                } catch (SQLException e) {
                    write.fail(failure(write.what, e));
                }
            } else {
                commit(List.<QueuedWrite<?>>of(write));
            }
        } finally {
            lock.unlock();
        }
        return write.outcome();
    }

    /**
     * Runs the group in one transaction and sets each write's outcome: its result only once the transaction is
     * committed, and a failure for every write of it when the commit fails.
     */
    private void commit(List<QueuedWrite<?>> group) {
        lock.lock();
        try {
            if (closed) {
                for (QueuedWrite<?> write : group) {
                    write.fail(closedFailure(write.what));
                }
                return;
            }
            try {
                execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                failAll(group, e);
                return;
            }
            inTransaction = true;
            try {
                kept.forgetIfWrittenElsewhere(statements);
                if (group.size() == 1) {
                    group.get(0).run(statements.connection());
                } else {
                    for (QueuedWrite<?> write : group) {
                        runInSavepoint(write, "one_write");
                    }
                }
                execute("COMMIT");
            } catch (Throwable e) {
                rollbackAfter(e);
                failAll(group, e);
            } finally {
                inTransaction = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs one write of a group; if it fails, undoes it alone and records its failure. Throws only when the
     * transaction itself is lost (SQLite ends it on some errors), which fails the whole group.
     */
    private void runInSavepoint(QueuedWrite<?> write, String savepoint) throws SQLException {
        execute("SAVEPOINT " + savepoint);
        try {
            write.run(statements.connection());
        } catch (Throwable e) {
            kept.forgetAll();
            execute("ROLLBACK TO " + savepoint);
            execute("RELEASE " + savepoint);
            write.fail(failure(write.what, e));
            return;
        }
        execute("RELEASE " + savepoint);
    }

    private void failAll(List<QueuedWrite<?>> group, Throwable cause) {
        for (QueuedWrite<?> write : group) {
            write.fail(write.failure() != null ? write.failure() : failure(write.what, cause));
        }
    }

    /**
     * What a write's caller gets: an SQL error as a store failure, any other failure as it was thrown.
     */
    private Throwable failure(String what, Throwable e) {
        if (e instanceof SQLException sql) {
            return failure(what, sql);
        }
        if (e instanceof RuntimeException || e instanceof Error) {
            return e;
        }
        return new SqliteStoreException("Cannot " + what + " in the SQLite database " + file + ": " + e, e);
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement statement = statements.prepare(sql)) {
            statement.execute();
        }
    }

    private void rollbackAfter(Throwable cause) {
        kept.forgetAll();
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // Some errors end the transaction themselves; then there is nothing left to roll back.
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw closedFailure(what);
        }
    }

    private SqliteStoreException closedFailure(String what) {
        return new SqliteStoreException("Cannot " + what + ": the SQLite database " + file + " is closed.");
    }

    private SqliteStoreException failure(String what, SQLException e) {
        return new SqliteStoreException(
                "Cannot " + what + " in the SQLite database " + file + ": " + e.getMessage(), e);
    }
}
