package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.Readiness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite file opened through a single connection that callers take turns on; several instances may
 * open the same file, as nodes sharing one store would, because every write is an immediate transaction.
 */
public final class SqliteDatabase implements Readiness, AutoCloseable {

    /** How long a write waits for another connection's write to finish before giving up. */
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    /** The most writes committed in one transaction. */
    private static final int MAX_GROUP = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Write<?>> waiting = new ConcurrentLinkedQueue<>();
    private final Connection connection;
    /** The connection as the stores' work sees it: each statement compiled once. */
    private final StatementCache statements;

    private boolean closed;

    /** Opens (creating if needed) the file and its schema. */
    public SqliteDatabase(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.connection = connect(this.file);
        this.statements = new StatementCache(connection);
        try {
            // WAL lets readers on other connections go on while one connection writes.
            pragma("journal_mode", "WAL", "wal");
            // FULL: a commit is on disk before the ack, so not even power loss can take back an
            // acknowledged message or let its id be given to another one.
            pragma("synchronous", "FULL", null);
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

    private static Connection connect(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = c.createStatement()) {
                // Set first, so that even switching to WAL waits for a concurrent opener instead of failing.
                statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            }
            return c;
        } catch (SQLException e) {
            throw new SqliteStoreException("Cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private void pragma(String name, String value, String expected) {
        read(
                c -> {
                    try (Statement statement = c.createStatement()) {
                        boolean answered = statement.execute("PRAGMA " + name + " = " + value);
                        if (expected != null) {
                            try (ResultSet result = answered ? statement.getResultSet() : null) {
                                if (result == null
                                        || !result.next()
                                        || !expected.equalsIgnoreCase(result.getString(1))) {
                                    throw new SqliteStoreException(
                                            "Could not set " + name + " to " + value + " on " + file);
                                }
                            }
                        }
                    }
                    return null;
                },
                "set " + name);
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

    @Override
    public void close() {
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

    private void closeQuietly() {
        try {
            close();
        } catch (SqliteStoreException ignored) {
            // Opening already failed; that failure is the one to report.
        }
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
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction and returns once that transaction is
     * committed. Taking the write lock up front makes every connection to the file, in this process or
     * another, queue for it (up to the busy timeout), so a read-then-write inside {@code work} cannot
     * interleave with another.
     *
     * <p>Group commit: writes that arrive while another is being committed wait together, and the next of
     * them to get the connection commits them all in one transaction, so a burst costs one disk flush rather
     * than one per write. Each write runs in a savepoint of its own: one that fails is rolled back alone and
     * fails alone; a commit that fails fails them all. No caller returns before its write is on disk.
     */
    <T> T write(Work<T> work, String what) {
        Write<T> mine = new Write<>(work, what);
        waiting.add(mine);
        lock.lock();
        try {
            while (!mine.done) {
                commitWaiting();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** A write waiting for a transaction; its fields are set and read under {@link #lock}. */
    private static final class Write<T> {
        final Work<T> work;
        final String what;
        T result;
        RuntimeException failure;
        boolean done;

        Write(Work<T> work, String what) {
            this.work = work;
            this.what = what;
        }

        void run(Connection connection) throws SQLException {
            result = work.on(connection);
        }
    }

    /** Commits up to {@link #MAX_GROUP} waiting writes in one transaction; called holding {@link #lock}. */
    private void commitWaiting() {
        List<Write<?>> group = new ArrayList<>();
        Write<?> next;
        while (group.size() < MAX_GROUP && (next = waiting.poll()) != null) {
            group.add(next);
        }
        try {
            ensureOpen(group.get(0).what);
            execute("BEGIN IMMEDIATE");
        } catch (SQLException | SqliteStoreException e) {
            failAll(group, e);
            return;
        }
        try {
            if (group.size() == 1) {
                group.get(0).run(statements.connection());
            } else {
                for (Write<?> write : group) {
                    runInSavepoint(write);
                }
            }
            execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            failAll(group, e);
            return;
        }
        for (Write<?> write : group) {
            write.done = true;
        }
    }

    /**
     * Runs one write of a group; if it fails, undoes it alone and records its failure. Throws only when the
     * transaction itself is lost (SQLite ends it on some errors), which fails the whole group.
     */
    private void runInSavepoint(Write<?> write) throws SQLException {
        execute("SAVEPOINT one_write");
        try {
            write.run(statements.connection());
        } catch (SQLException | RuntimeException e) {
            execute("ROLLBACK TO one_write");
            execute("RELEASE one_write");
            write.failure = failure(write.what, e);
            return;
        }
        execute("RELEASE one_write");
    }

    private void failAll(List<Write<?>> group, Exception cause) {
        for (Write<?> write : group) {
            write.result = null;
            if (write.failure == null) {
                write.failure = failure(write.what, cause);
            }
            write.done = true;
        }
    }

    /** What a write's caller gets: an SQL error as a store failure, any other failure as it was thrown. */
    private RuntimeException failure(String what, Exception e) {
        return e instanceof SQLException sql ? failure(what, sql) : (RuntimeException) e;
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement statement = statements.prepare(sql)) {
            statement.execute();
        }
    }

    private void rollbackAfter(Exception cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // Some errors end the transaction themselves; then there is nothing left to roll back.
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new SqliteStoreException("Cannot " + what + ": the SQLite database " + file + " is closed.");
        }
    }

    private SqliteStoreException failure(String what, SQLException e) {
        return new SqliteStoreException(
                "Cannot " + what + " in the SQLite database " + file + ": " + e.getMessage(), e);
    }
}
