package dev.chat.adapters.sqlite;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Messages in the {@code messages} table, keyed by (room, id); each append numbers its message inside an
 * immediate transaction, so ids stay gapless even when several nodes share the file. A deleted message
 * stays as a tombstone row ({@code deleted = 1}, text emptied) that keeps its id and clientId taken.
 */
public final class SqliteMessageStore implements MessageStore {

    private static final String COLUMNS = "room, id, author, client_id, text, ts, deleted";
    private static final String INSERTED = "room, id, author, client_id, text, ts";

    private final SqliteDatabase db;

    public SqliteMessageStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Appended append(NewMessage m) {
        return db.write(
                c -> {
                    Optional<Row> original = original(c, m.room(), m.author(), m.clientId());
                    if (original.isPresent()) {
                        return new Appended(
                                original.get().message(), true, original.get().deleted());
                    }
                    long id = 1;
                    // Stored in millis: truncate first, so the message returned is the one later reads return.
                    long ts = m.ts().toEpochMilli();
                    try (PreparedStatement newest =
                            c.prepareStatement("SELECT id, ts FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1")) {
                        newest.setString(1, m.room().value());
                        try (ResultSet row = newest.executeQuery()) {
                            if (row.next()) {
                                id = row.getLong(1) + 1;
                                ts = Math.max(ts, row.getLong(2));
                            }
                        }
                    }
                    Message stored =
                            new Message(m.room(), id, m.author(), m.text(), Instant.ofEpochMilli(ts), m.clientId());
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO messages (" + INSERTED + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, stored.room().value());
                        insert.setLong(2, stored.id());
                        insert.setString(3, stored.author().value());
                        insert.setString(4, stored.clientId().value());
                        insert.setString(5, stored.text().value());
                        insert.setLong(6, ts);
                        insert.executeUpdate();
                    }
                    return new Appended(stored, false);
                },
                "store a message in " + m.room());
    }

    @Override
    public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
        return db.read(c -> original(c, room, author, clientId), "find message " + clientId + " in " + room)
                .filter(row -> !row.deleted())
                .map(Row::message);
    }

    /** The message with that clientId, deleted or not. */
    private static Optional<Row> original(Connection c, RoomName room, Username author, ClientId clientId)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND author = ? AND client_id = ?")) {
            select.setString(1, room.value());
            select.setString(2, author.value());
            select.setString(3, clientId.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row(row)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Message> after(RoomName room, long afterId, int limit) {
        return page(
                "SELECT " + COLUMNS
                        + " FROM messages WHERE room = ? AND id > ? AND deleted = 0 ORDER BY id ASC LIMIT ?",
                room,
                afterId,
                limit,
                "read messages after " + afterId + " in " + room);
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        return page(
                "SELECT " + COLUMNS
                        + " FROM messages WHERE room = ? AND id < ? AND deleted = 0 ORDER BY id DESC LIMIT ?",
                room,
                beforeId,
                limit,
                "read messages before " + beforeId + " in " + room);
    }

    private List<Message> page(String sql, RoomName room, long cursor, int limit, String what) {
        if (limit <= 0) {
            // SQLite reads a negative LIMIT as "no limit"; asking for nothing gets nothing.
            return List.of();
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(sql)) {
                        select.setString(1, room.value());
                        select.setLong(2, cursor);
                        select.setInt(3, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Message> messages = new ArrayList<>();
                            while (row.next()) {
                                messages.add(row(row).message());
                            }
                            return List.copyOf(messages);
                        }
                    }
                },
                what);
    }

    @Override
    public long latestPosition(RoomName room) {
        return db.read(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM messages WHERE room = ?")) {
                        select.setString(1, room.value());
                        try (ResultSet row = select.executeQuery()) {
                            row.next();
                            return row.getLong(1);
                        }
                    }
                },
                "read the latest message id in " + room);
    }

    @Override
    public Optional<Message> delete(RoomName room, long id) {
        return db.write(
                c -> {
                    Optional<Message> live;
                    try (PreparedStatement select = c.prepareStatement(
                            "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id = ? AND deleted = 0")) {
                        select.setString(1, room.value());
                        select.setLong(2, id);
                        try (ResultSet row = select.executeQuery()) {
                            live = row.next() ? Optional.of(row(row).message()) : Optional.empty();
                        }
                    }
                    if (live.isPresent()) {
                        // The column is NOT NULL since the first schema; an empty string is what "no text" is here.
                        try (PreparedStatement tombstone = c.prepareStatement(
                                "UPDATE messages SET deleted = 1, text = '' WHERE room = ? AND id = ?")) {
                            tombstone.setString(1, room.value());
                            tombstone.setLong(2, id);
                            tombstone.executeUpdate();
                        }
                    }
                    return live;
                },
                "delete message " + id + " in " + room);
    }

    @Override
    public void deleteRoom(RoomName room) {
        db.write(
                c -> {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM messages WHERE room = ?")) {
                        delete.setString(1, room.value());
                        return delete.executeUpdate();
                    }
                },
                "delete the messages of " + room);
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        // One statement in one transaction: readers see the messages under one name or the other, never split.
        db.write(
                c -> {
                    try (PreparedStatement move = c.prepareStatement("UPDATE messages SET room = ? WHERE room = ?")) {
                        move.setString(1, to.value());
                        move.setString(2, from.value());
                        return move.executeUpdate();
                    }
                },
                "move the messages of " + from + " to " + to);
    }

    /** A row read with {@link #COLUMNS}; a tombstone's message carries {@link MessageText#DELETED}. */
    private static Row row(ResultSet row) throws SQLException {
        boolean deleted = row.getInt(7) != 0;
        MessageText text = deleted ? MessageText.DELETED : new MessageText(row.getString(5));
        return new Row(
                new Message(
                        new RoomName(row.getString(1)),
                        row.getLong(2),
                        new Username(row.getString(3)),
                        text,
                        Instant.ofEpochMilli(row.getLong(6)),
                        new ClientId(row.getString(4))),
                deleted);
    }

    private record Row(Message message, boolean deleted) {}
}
