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

    /**
     * The schema as the first release created it, kept verbatim: a file of any age starts from here and
     * {@link #MIGRATIONS} bring it up to date.
     */
    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS accounts (
                username      TEXT    NOT NULL PRIMARY KEY,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS sessions (
                token_hash TEXT    NOT NULL PRIMARY KEY,
                username   TEXT    NOT NULL,
                guest      INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen  INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS rooms (
                name       TEXT    NOT NULL PRIMARY KEY,
                topic      TEXT    NOT NULL,
                created_by TEXT    NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS messages (
                room      TEXT    NOT NULL,
                id        INTEGER NOT NULL,
                author    TEXT    NOT NULL,
                client_id TEXT    NOT NULL,
                text      TEXT    NOT NULL,
                ts        INTEGER NOT NULL,
                PRIMARY KEY (room, id)
            ) WITHOUT ROWID""", """
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_id
                ON messages (room, author, client_id)""");

    /**
     * Step {@code i} takes a file from schema version {@code i} to {@code i + 1} (SQLite's
     * {@code PRAGMA user_version}, 0 in files made before versions were kept). Steps are only ever
     * appended: a released one never changes.
     */
    private static final List<List<String>> MIGRATIONS = List.of(
            // 1: bans, message tombstones, and finding a user's sessions without a full scan.
            List.of(
                    "ALTER TABLE accounts ADD COLUMN banned INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
                    "CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username)"),
            // 2: accounts the operator made, password resets, rooms created per account, and purging idle sessions.
            List.of(
                    "ALTER TABLE accounts ADD COLUMN by_operator INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE accounts ADD COLUMN reset_hash TEXT",
                    "ALTER TABLE accounts ADD COLUMN reset_expires INTEGER",
                    "ALTER TABLE accounts ADD COLUMN rooms_created INTEGER NOT NULL DEFAULT 0",
                    "CREATE INDEX IF NOT EXISTS sessions_by_last_seen ON sessions (last_seen)"));

    /** The schema version this code reads and writes. */
    static final int SCHEMA_VERSION = MIGRATIONS.size();

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
                        migrate(c);
                        return null;
                    },
                    "create or update the schema");
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void migrate(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.executeUpdate(ddl);
            }
            int version;
            try (ResultSet result = statement.executeQuery("PRAGMA user_version")) {
                version = result.next() ? result.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SqliteStoreException("The SQLite database " + file + " has schema version " + version
                        + ", newer than this server's " + SCHEMA_VERSION + ": run a newer server on it.");
            }
            for (int step = version; step < SCHEMA_VERSION; step++) {
                for (String ddl : MIGRATIONS.get(step)) {
                    statement.executeUpdate(ddl);
                }
            }
            // user_version lives in the file header and is written inside the transaction like the DDL.
            statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
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
