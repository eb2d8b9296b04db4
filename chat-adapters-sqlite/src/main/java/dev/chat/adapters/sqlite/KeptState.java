package dev.chat.adapters.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the stores of one connection keep in memory of what their writes made, such as a room's newest position
 * ({@link RoomHeads}), and the moments it may no longer hold: a transaction that begins after another connection
 * (another node on the same file) has committed, and a write rolled back. Used by {@link SqliteDatabase} holding the
 * connection's turn.
 */
final class KeptState {

    private final RoomHeads roomHeads = new RoomHeads();
    /** SQLite's {@code PRAGMA data_version} as this connection last saw it: it changes when another one commits. */
    private long dataVersion = Long.MIN_VALUE;

    RoomHeads roomHeads() {
        return roomHeads;
    }

    void forgetAll() {
        roomHeads.forgetAll();
    }

    /** At the start of a transaction, which holds the file's write lock: forgets all if another connection wrote. */
    void forgetIfWrittenElsewhere(StatementCache statements) throws SQLException {
        long version;
        try (PreparedStatement statement = statements.prepare("PRAGMA data_version");
                ResultSet result = statement.executeQuery()) {
            result.next();
            version = result.getLong(1);
        }
        if (version != dataVersion) {
            dataVersion = version;
            forgetAll();
        }
    }
}
