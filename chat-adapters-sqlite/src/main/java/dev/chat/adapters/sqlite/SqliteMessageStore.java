package dev.chat.adapters.sqlite;

import dev.chat.adapters.sqlite.MessageRows.Row;
import dev.chat.adapters.sqlite.RoomHeads.Head;
import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A room's history in two tables keyed by (room, position): {@code messages}, one row per message in its current
 * state, and {@code changes}, one row per change saying which message it changed and how. Every append and change
 * takes the room's next position inside an immediate transaction, so positions stay gapless even when several
 * nodes share the file; each read is one statement, so it sees one committed moment. A deleted message stays as a
 * tombstone row that keeps its id and clientId taken.
 */
public final class SqliteMessageStore implements MessageStore {

    /**
     * What came after a position, in one statement: the messages written since as they are now, merged in
     * position order with the changes made since to older messages that are still their latest. Both arms read
     * their primary key forwards from the position and SQLite merges them, so a page stops reading where it fills.
     */
    static final String AFTER = "SELECT " + MessageRows.M_COLUMNS + ", m.id AS position, NULL AS kind"
            + " FROM messages m WHERE m.room = ? AND m.id > ? AND m.deleted = 0"
            + " UNION ALL"
            + " SELECT " + MessageRows.M_COLUMNS + ", c.seq AS position, c.kind"
            + " FROM changes c JOIN messages m ON m.room = c.room AND m.id = c.target"
            + " WHERE c.room = ? AND c.seq > ? AND c.target <= ? AND m.seq = c.seq"
            + " ORDER BY position LIMIT ?";

    /**
     * How many messages of others are live after a position, counted up to a bound: one range of the primary key,
     * read no further than the bound's worth of matching rows (a reader's own and deleted ones are stepped over).
     */
    static final String COUNT_AFTER = "SELECT count(*) FROM (SELECT 1 FROM messages"
            + " WHERE room = ? AND id > ? AND deleted = 0 AND author <> ? LIMIT ?)";

    private static final String INSERT = "INSERT INTO messages"
            + " (room, id, author, client_id, ts, reply_to, text, deleted, edited, reactions, seq, bot, via)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            // A clientId already taken in the room by its author: a resend, answered with the message stored first.
            + " ON CONFLICT (room, author, client_id) DO NOTHING";

    private static final String UPDATE = "UPDATE messages SET text = ?, deleted = ?, edited = ?, reactions = ?,"
            + " seq = ? WHERE room = ? AND id = ?";

    static final String BEFORE = "SELECT " + MessageRows.COLUMNS
            + " FROM messages WHERE room = ? AND id < ? AND deleted = 0 ORDER BY id DESC LIMIT ?";

    private final SqliteDatabase db;
    private final RoomHeads heads;

    public SqliteMessageStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.heads = db.roomHeads();
    }

    @Override
    public Appended append(NewMessage m) {
        return db.write(appending(m), "store a message in " + m.room());
    }

    /**
     * Queued for the database's writer and committed with the writes waiting beside it, in one flush; the future
     * completes on the writer's thread (see {@code SqliteDatabase.writeAsync}).
     */
    @Override
    public CompletableFuture<Appended> appendAsync(NewMessage m) {
        return db.writeAsync(appending(m), "store a message in " + m.room());
    }

    /**
     * The room's head is known without a read when this connection wrote to the room last ({@link RoomHeads}), and
     * a resend is found by the insert itself (the clientId's unique index): an append is then one statement.
     */
    private SqliteDatabase.Work<Appended> appending(NewMessage m) {
        return c -> {
            Head head = heads.of(c, m.room());
            // Stored in millis: truncate first, so the message returned is the one later reads return.
            long ts = m.ts().toEpochMilli();
            if (head.newestTs() != null) {
                ts = Math.max(ts, head.newestTs());
            }
            Message stored = m.at(head.position() + 1, Instant.ofEpochMilli(ts));
            int inserted;
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, stored.room().value());
                insert.setLong(2, stored.id());
                insert.setString(3, stored.author().value());
                insert.setString(4, stored.clientId().value());
                insert.setLong(5, ts);
                if (stored.replyTo() == null) {
                    insert.setNull(6, Types.INTEGER);
                } else {
                    insert.setLong(6, stored.replyTo());
                }
                MessageRows.bindState(insert, 7, stored);
                MessageRows.bindAuthorship(insert, 12, stored);
                inserted = insert.executeUpdate();
            }
            if (inserted == 0) {
                Row original = original(c, m.room(), m.author(), m.clientId())
                        .orElseThrow(() -> new SQLException("A clientId conflicted with no message: " + m.clientId()));
                return new Appended(original.message(), true, original.deleted());
            }
            heads.appended(m.room(), head, stored.id(), ts);
            return new Appended(stored, false);
        };
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
                "SELECT " + MessageRows.COLUMNS + " FROM messages WHERE room = ? AND author = ? AND client_id = ?")) {
            select.setString(1, room.value());
            select.setString(2, author.value());
            select.setString(3, clientId.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(MessageRows.row(row)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Message> message(RoomName room, long id) {
        return db.read(c -> row(c, room, id), "read message " + id + " in " + room)
                .filter(row -> !row.deleted())
                .map(Row::message);
    }

    /** Message {@code id}, deleted or not. */
    private static Optional<Row> row(Connection c, RoomName room, long id) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM messages WHERE room = ? AND id = ?")) {
            select.setString(1, room.value());
            select.setLong(2, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(MessageRows.row(row)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Changed> change(RoomName room, long id, ChangeKind kind, Edit edit) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(edit, "edit");
        // The write lock is held from the read to the write, so edit runs once, on the state the change replaces;
        // when it throws, the transaction (or this write's savepoint in a group) is rolled back.
        return db.write(
                c -> {
                    Optional<Row> found = row(c, room, id);
                    if (found.isEmpty() || found.get().deleted()) {
                        return Optional.<Changed>empty();
                    }
                    Message current = found.get().message();
                    Message next = edit.apply(current);
                    if (next == current) {
                        return Optional.of(new Changed(current, Optional.empty()));
                    }
                    requireSameMessage(current, next);
                    Head head = heads.of(c, room);
                    long seq = head.position() + 1;
                    Message state = MessageRows.stored(next).atSeq(seq);
                    try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                        MessageRows.bindState(update, 1, state);
                        update.setString(6, room.value());
                        update.setLong(7, id);
                        update.executeUpdate();
                    }
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO changes (room, seq, target, kind) VALUES (?, ?, ?, ?)")) {
                        insert.setString(1, room.value());
                        insert.setLong(2, seq);
                        insert.setLong(3, id);
                        insert.setString(4, kind.name().toLowerCase(Locale.ROOT));
                        insert.executeUpdate();
                    }
                    heads.changed(room, head, seq);
                    return Optional.of(new Changed(current, Optional.of(new Change(seq, kind, state))));
                },
                "change message " + id + " in " + room);
    }

    /** A change gives a message a new text, edit time or reactions; what it is and where it stands stay. */
    private static void requireSameMessage(Message current, Message next) {
        if (!next.room().equals(current.room())
                || next.id() != current.id()
                || !next.author().equals(current.author())
                || !next.clientId().equals(current.clientId())
                || !next.ts().equals(current.ts())
                || !Objects.equals(next.replyTo(), current.replyTo())) {
            throw new IllegalArgumentException("A change may alter a message's text, edit time and reactions only: "
                    + current + " became " + next);
        }
    }

    @Override
    public List<Entry> after(RoomName room, long afterPosition, int limit) {
        if (limit <= 0) {
            // SQLite reads a negative LIMIT as "no limit"; asking for nothing gets nothing.
            return List.of();
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(AFTER)) {
                        select.setString(1, room.value());
                        select.setLong(2, afterPosition);
                        select.setString(3, room.value());
                        select.setLong(4, afterPosition);
                        select.setLong(5, afterPosition);
                        select.setInt(6, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Entry> entries = new ArrayList<>();
                            while (row.next()) {
                                Message message = MessageRows.row(row).message();
                                String kind = row.getString(MessageRows.COUNT + 2);
                                entries.add(
                                        kind == null
                                                ? message
                                                : new Change(
                                                        row.getLong(MessageRows.COUNT + 1),
                                                        ChangeKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                                                        message));
                            }
                            return List.copyOf(entries);
                        }
                    }
                },
                "read what came after position " + afterPosition + " in " + room);
    }

    @Override
    public int countAfter(RoomName room, long afterPosition, Username notBy, int most) {
        if (most <= 0) {
            // SQLite reads a negative LIMIT as "no limit"; counting up to nothing counts nothing.
            return 0;
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(COUNT_AFTER)) {
                        select.setString(1, room.value());
                        select.setLong(2, afterPosition);
                        select.setString(3, notBy.value());
                        select.setInt(4, most);
                        try (ResultSet row = select.executeQuery()) {
                            row.next();
                            return row.getInt(1);
                        }
                    }
                },
                "count the messages after position " + afterPosition + " in " + room);
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(BEFORE)) {
                        select.setString(1, room.value());
                        select.setLong(2, beforeId);
                        select.setInt(3, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Message> messages = new ArrayList<>();
                            while (row.next()) {
                                messages.add(MessageRows.row(row).message());
                            }
                            return List.copyOf(messages);
                        }
                    }
                },
                "read messages before " + beforeId + " in " + room);
    }

    @Override
    public long latestPosition(RoomName room) {
        return db.read(c -> RoomHeads.read(c, room).position(), "read the latest position in " + room);
    }

    @Override
    public void deleteRoom(RoomName room) {
        db.write(
                c -> {
                    run(c, "DELETE FROM messages WHERE room = ?", room.value());
                    run(c, "DELETE FROM changes WHERE room = ?", room.value());
                    heads.forget(room);
                    return null;
                },
                "delete the messages of " + room);
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        // One transaction: readers see the history under one name or the other, never split.
        db.write(
                c -> {
                    run(c, "UPDATE messages SET room = ? WHERE room = ?", to.value(), from.value());
                    run(c, "UPDATE changes SET room = ? WHERE room = ?", to.value(), from.value());
                    heads.forget(from);
                    heads.forget(to);
                    return null;
                },
                "move the messages of " + from + " to " + to);
    }

    private static void run(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
