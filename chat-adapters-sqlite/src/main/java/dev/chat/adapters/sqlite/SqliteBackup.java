package dev.chat.adapters.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Backups of the embedded store. {@link #backup} copies a database that servers may be writing to, consistently:
 * SQLite's {@code VACUUM INTO} reads the file in one read transaction (WAL lets the servers go on writing), so the
 * copy holds every transaction committed before it began, and no part of a later one. {@link #restore} puts a copy in
 * place of a database no server has open, keeping the file it replaces beside it.
 */
public final class SqliteBackup {

    private static final int BUSY_TIMEOUT_MS = 30_000;

    /** What a copy holds. */
    public record Copy(Path file, long bytes, long messages, long accounts, long rooms) {}

    private SqliteBackup() {}

    /** Copies {@code database} to {@code target}, which must not exist yet; the copy is checked before this returns. */
    public static Copy backup(Path database, Path target) {
        if (!Files.isRegularFile(database)) {
            throw new SqliteStoreException("There is no database at " + database + " to back up.");
        }
        if (Files.exists(target)) {
            throw new SqliteStoreException(target + " exists: name a new file to back up to.");
        }
        try (Connection c = open(database);
                PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new SqliteStoreException(
                    "Could not back up " + database + " to " + target + ": " + e.getMessage(), e);
        }
        return check(target);
    }

    /**
     * Puts the copy {@code backup} in place of {@code database}, which no server may have open. The file it replaces,
     * if any, is kept as {@code DATABASE.before-restore-TIME} (with its write-ahead log, if it had one); nothing is
     * deleted. Returns that file, or null if there was none.
     */
    public static Path restore(Path backup, Path database, Clock clock) {
        check(backup);
        SqliteFileLock only = SqliteFileLock.exclusive(database);
        try {
            Path staged = database.resolveSibling(database.getFileName() + ".restoring");
            Files.copy(backup, staged, StandardCopyOption.REPLACE_EXISTING);
            Path kept = null;
            if (Files.exists(database)) {
                String time = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                        .withZone(clock.getZone())
                        .format(clock.instant());
                kept = database.resolveSibling(database.getFileName() + ".before-restore-" + time);
                Files.move(database, kept);
                for (String suffix : new String[] {"-wal", "-shm"}) {
                    Path side = database.resolveSibling(database.getFileName() + suffix);
                    if (Files.exists(side)) {
                        Files.move(side, kept.resolveSibling(kept.getFileName() + suffix));
                    }
                }
            }
            Files.move(staged, database, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        } catch (IOException e) {
            throw new SqliteStoreException(
                    "Could not restore " + backup + " to " + database + ": " + e.getMessage(), e);
        } finally {
            only.close();
        }
    }

    /** Opens {@code file} read-only, checks its integrity and counts what it holds. */
    public static Copy check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SqliteStoreException("There is no backup at " + file + ".");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                String answer = r.next() ? r.getString(1) : "no answer";
                if (!"ok".equals(answer)) {
                    throw new SqliteStoreException(file + " is not a sound database: " + answer);
                }
            }
            return new Copy(file, Files.size(file), count(s, "messages"), count(s, "accounts"), count(s, "rooms"));
        } catch (SQLException e) {
            throw new SqliteStoreException(file + " is not a chat database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SqliteStoreException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static Connection open(Path database) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        }
        return c;
    }
}
