package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.Readiness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite file opened through a single connection that callers take turns on; several instances may
 * open the same file, as nodes sharing one store would, because every write is an immediate transaction.
 */
public final class SqliteDatabase implements Readiness, AutoCloseable {

    /** How long a write waits for another connection's write to finish before giving up. */
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS accounts (
                username      TEXT    NOT NULL PRIMARY KEY,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE IF NOT EXISTS sessions (
                token_hash TEXT    NOT NULL PRIMARY KEY,
                username   TEXT    NOT NULL,
                guest      INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen  INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE IF NOT EXISTS rooms (
                name       TEXT    NOT NULL PRIMARY KEY,
                topic      TEXT    NOT NULL,
                created_by TEXT    NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE IF NOT EXISTS messages (
                room      TEXT    NOT NULL,
                id        INTEGER NOT NULL,
                author    TEXT    NOT NULL,
                client_id TEXT    NOT NULL,
                text      TEXT    NOT NULL,
                ts        INTEGER NOT NULL,
                PRIMARY KEY (room, id)
            ) WITHOUT ROWID""",
            """
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_id
                ON messages (room, author, client_id)""");

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private boolean closed;

    /** Opens (creating if needed) the file and its schema. */
    public SqliteDatabase(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.connection = connect(this.file);
        try {
            // WAL lets readers on other connections go on while one connection writes.
            pragma("journal_mode", "WAL", "wal");
            // FULL: a commit is on disk before the ack, so not even power loss can take back an
            // acknowledged message or let its id be given to another one.
            pragma("synchronous", "FULL", null);
            write(c -> {
                try (Statement statement = c.createStatement()) {
                    for (String ddl : SCHEMA) {
                        statement.executeUpdate(ddl);
                    }
                }
                return null;
            }, "create the schema");
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
        read(c -> {
            try (Statement statement = c.createStatement()) {
                boolean answered = statement.execute("PRAGMA " + name + " = " + value);
                if (expected != null) {
                    try (ResultSet result = answered ? statement.getResultSet() : null) {
                        if (result == null || !result.next() || !expected.equalsIgnoreCase(result.getString(1))) {
                            throw new SqliteStoreException("Could not set " + name + " to " + value + " on " + file);
                        }
                    }
                }
            }
            return null;
        }, "set " + name);
    }

    /** The file this database keeps its data in. */
    public Path file() {
        return file;
    }

    /** Whether a trivial query succeeds right now. */
    @Override
    public boolean isReady() {
        try {
            return read(c -> {
                try (Statement statement = c.createStatement();
                     ResultSet result = statement.executeQuery("SELECT 1")) {
                    return result.next() && result.getInt(1) == 1;
                }
            }, "check readiness");
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
                connection.close();
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
            return work.on(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction and commits before returning. Taking the
     * write lock up front makes every connection to the file, in this process or another, queue for it
     * (up to the busy timeout), so a read-then-write inside {@code work} cannot interleave with another.
     */
    <T> T write(Work<T> work, String what) {
        lock.lock();
        try {
            ensureOpen(what);
            execute("BEGIN IMMEDIATE");
            try {
                T result = work.on(connection);
                execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
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
        return new SqliteStoreException("Cannot " + what + " in the SQLite database " + file + ": " + e.getMessage(), e);
    }
}
