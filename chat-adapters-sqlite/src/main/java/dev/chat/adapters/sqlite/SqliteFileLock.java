package dev.chat.adapters.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Who uses a database file, told by an OS lock on {@code FILE.lock} beside it: every open {@link SqliteDatabase} holds
 * a shared lock (several servers of one machine may share a file), a restore takes it exclusively, so it cannot
 * replace a file a running server uses and no server opens the file while it is being replaced. The JVM holds file
 * locks for all its threads and refuses overlapping ones, so the databases of one JVM share one lock, counted.
 */
final class SqliteFileLock implements AutoCloseable {

    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int[] users) {}

    private final Path lockFile;
    private boolean closed;

    private SqliteFileLock(Path lockFile) {
        this.lockFile = lockFile;
    }

    static Path lockFileOf(Path database) {
        return database.toAbsolutePath().resolveSibling(database.getFileName() + ".lock");
    }

    /** A shared hold on {@code database}; refused while a restore holds it. */
    static SqliteFileLock shared(Path database) {
        return take(database, true);
    }

    /** The only hold on {@code database}; refused while anyone else holds it. */
    static SqliteFileLock exclusive(Path database) {
        return take(database, false);
    }

    private static SqliteFileLock take(Path database, boolean shared) {
        Path lockFile = lockFileOf(database);
        synchronized (HELD) {
            Held held = HELD.get(lockFile);
            if (held != null) {
                if (!shared || !held.lock.isShared()) {
                    throw busy(database, shared);
                }
                held.users[0]++;
                return new SqliteFileLock(lockFile);
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(
                        lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
                if (lock == null) {
                    channel.close();
                    throw busy(database, shared);
                }
                HELD.put(lockFile, new Held(channel, lock, new int[] {1}));
                return new SqliteFileLock(lockFile);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new SqliteStoreException("Cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
        }
    }

    private static SqliteStoreException busy(Path database, boolean shared) {
        return new SqliteStoreException(
                shared
                        ? "The database " + database + " is being restored; start the server once the restore is done."
                        : "The database " + database + " is in use (a server, or an admin command, has it open): "
                                + "stop it first.",
                null);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing after a failure; the failure is what is reported.
            }
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(lockFile);
            if (held != null && --held.users[0] == 0) {
                HELD.remove(lockFile);
                closeQuietly(held.channel);
            }
        }
    }
}
