package dev.chat.adapters.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens a connection to a SQLite file set up as {@link SqliteDatabase} needs it. */
final class SqliteConnections {

    /** How long a write waits for another connection's write to finish before giving up. */
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private SqliteConnections() {}

    /** A connection to {@code file} (created if needed) in WAL mode, flushing every commit to disk. */
    static Connection open(Path file) {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new SqliteStoreException("Cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
        try {
            // Set first, so that even switching to WAL waits for a concurrent opener instead of failing.
            pragma(c, file, "busy_timeout", Integer.toString(BUSY_TIMEOUT_MS), null);
            // WAL lets readers on other connections go on while one connection writes.
            pragma(c, file, "journal_mode", "WAL", "wal");
            // FULL: a commit is on disk before the ack, so not even power loss can take back an
            // acknowledged message or let its id be given to another one.
            pragma(c, file, "synchronous", "FULL", null);
            return c;
        } catch (RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void pragma(Connection c, Path file, String name, String value, String expected) {
        try (Statement statement = c.createStatement()) {
            boolean answered = statement.execute("PRAGMA " + name + " = " + value);
            if (expected != null) {
                try (ResultSet result = answered ? statement.getResultSet() : null) {
                    if (result == null || !result.next() || !expected.equalsIgnoreCase(result.getString(1))) {
                        throw new SqliteStoreException("Could not set " + name + " to " + value + " on " + file);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SqliteStoreException(
                    "Cannot set " + name + " in the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }
}
