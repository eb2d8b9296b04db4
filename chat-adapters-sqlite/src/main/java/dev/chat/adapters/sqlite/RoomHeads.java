package dev.chat.adapters.sqlite;

import dev.chat.core.domain.RoomName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each room's newest message and newest change, which an append or a change reads to take the room's next
 * position: read from the file once, then kept as this connection's writes move them on, so that an append to a
 * room written a moment ago reads nothing first. Kept only while it holds: all of it is forgotten when another
 * connection (another node on the file) has committed, and when a write is rolled back ({@link KeptState}); and
 * the rooms written least recently are forgotten past {@link #MAX_ROOMS}. One per connection ({@link
 * SqliteDatabase#roomHeads}), however many stores use it; used only in the work of writes, which run one at a
 * time holding the connection's turn.
 */
final class RoomHeads {

    /** The most rooms kept: under 2 MB of memory (about 170 bytes a room: entry, name, head). */
    static final int MAX_ROOMS = 10_000;

    /**
     * The room's newest message (its id and time) and newest change: each the first step of a primary key read
     * backwards, however long the history. The next position is one past the larger.
     */
    static final String HEAD = "SELECT (SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1),"
            + " (SELECT ts FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1),"
            + " (SELECT seq FROM changes WHERE room = ? ORDER BY seq DESC LIMIT 1)";

    private final Map<RoomName, Head> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RoomName, Head> eldest) {
            return size() > MAX_ROOMS;
        }
    };

    /** Everything kept: it may no longer hold. */
    void forgetAll() {
        kept.clear();
    }

    /** The room's head as the transaction under way sees it. */
    Head of(Connection c, RoomName room) throws SQLException {
        Head head = kept.get(room);
        if (head == null) {
            head = read(c, room);
            kept.put(room, head);
        }
        return head;
    }

    /** Message {@code id}, at {@code ts}, was inserted in a room whose head was {@code before}. */
    void appended(RoomName room, Head before, long id, long ts) {
        kept.put(room, new Head(id, ts, before.latestChange()));
    }

    /** Change {@code seq} was inserted in a room whose head was {@code before}. */
    void changed(RoomName room, Head before, long seq) {
        kept.put(room, new Head(before.latestMessage(), before.newestTs(), seq));
    }

    /** The room's history was deleted or moved by a write of this connection. */
    void forget(RoomName room) {
        kept.remove(room);
    }

    /** The room's head as the file has it, in one statement. */
    static Head read(Connection c, RoomName room) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(HEAD)) {
            select.setString(1, room.value());
            select.setString(2, room.value());
            select.setString(3, room.value());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long latestMessage = row.getLong(1);
                long newestTs = row.getLong(2);
                Long ts = row.wasNull() ? null : newestTs;
                return new Head(latestMessage, ts, row.getLong(3));
            }
        }
    }

    /** A room's newest message id and its time (null when it has none), and its newest change (0: none). */
    record Head(long latestMessage, Long newestTs, long latestChange) {
        long position() {
            return Math.max(latestMessage, latestChange);
        }
    }
}
