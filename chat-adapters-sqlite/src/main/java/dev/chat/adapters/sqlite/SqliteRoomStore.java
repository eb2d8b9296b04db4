package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Rooms in the {@code rooms} table; the primary key on the name is what makes creation atomic. The kind is
 * stored as its wire name and never updated.
 */
public final class SqliteRoomStore implements RoomStore {

    private static final String COLUMNS = "name, topic, created_by, created_at, kind";

    /**
     * The rooms of one kind, a page at a time (the public directory above all): the rooms_by_kind index (kind, name)
     * reads that kind in name order and nothing else, however many rooms of other kinds lie between. Names are ASCII,
     * so SQLite's binary order is RoomName's order.
     */
    static final String KIND_PAGE =
            "SELECT " + COLUMNS + " FROM rooms WHERE kind = ? AND name > ? ORDER BY name LIMIT ?";

    private final SqliteDatabase db;

    public SqliteRoomStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean create(Room room) {
        return db.read(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO rooms (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                        insert.setString(1, room.name().value());
                        insert.setString(2, room.topic().value());
                        insert.setString(3, room.createdBy());
                        insert.setLong(4, room.createdAt().toEpochMilli());
                        insert.setString(5, room.kind().wire());
                        return insert.executeUpdate() == 1;
                    }
                },
                "create the room " + room.name());
    }

    @Override
    public Optional<Room> find(RoomName name) {
        return db.read(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM rooms WHERE name = ?")) {
                        select.setString(1, name.value());
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? Optional.of(room(row)) : Optional.<Room>empty();
                        }
                    }
                },
                "find the room " + name);
    }

    @Override
    public List<Room> page(RoomKind kind, RoomName after, int limit) {
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(KIND_PAGE)) {
                        select.setString(1, kind.wire());
                        select.setString(2, after == null ? "" : after.value());
                        select.setInt(3, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Room> rooms = new ArrayList<>();
                            while (row.next()) {
                                rooms.add(room(row));
                            }
                            return List.copyOf(rooms);
                        }
                    }
                },
                "list the public rooms");
    }

    @Override
    public boolean setTopic(RoomName name, Topic topic) {
        return db.read(
                c -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE rooms SET topic = ? WHERE name = ?")) {
                        update.setString(1, topic.value());
                        update.setString(2, name.value());
                        return update.executeUpdate() == 1;
                    }
                },
                "set the topic of " + name);
    }

    @Override
    public boolean rename(RoomName from, RoomName to) {
        // The check and the update share an immediate transaction, so no room can take the new name between.
        return db.write(
                c -> {
                    try (PreparedStatement taken = c.prepareStatement("SELECT 1 FROM rooms WHERE name = ?")) {
                        taken.setString(1, to.value());
                        try (ResultSet row = taken.executeQuery()) {
                            if (row.next()) {
                                return false;
                            }
                        }
                    }
                    try (PreparedStatement update = c.prepareStatement("UPDATE rooms SET name = ? WHERE name = ?")) {
                        update.setString(1, to.value());
                        update.setString(2, from.value());
                        return update.executeUpdate() == 1;
                    }
                },
                "rename the room " + from + " to " + to);
    }

    @Override
    public boolean delete(RoomName name) {
        return db.read(
                c -> {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM rooms WHERE name = ?")) {
                        delete.setString(1, name.value());
                        return delete.executeUpdate() == 1;
                    }
                },
                "delete the room " + name);
    }

    private static Room room(ResultSet row) throws SQLException {
        return new Room(
                new RoomName(row.getString(1)),
                new Topic(row.getString(2)),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4)),
                RoomKind.valueOf(row.getString(5).toUpperCase(Locale.ROOT)));
    }
}
