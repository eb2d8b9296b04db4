package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Rooms in the {@code rooms} table; the primary key on the name is what makes creation atomic. */
public final class SqliteRoomStore implements RoomStore {

    private final SqliteDatabase db;

    public SqliteRoomStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean create(Room room) {
        return db.read(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO rooms (name, topic, created_by, created_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, room.name().value());
                insert.setString(2, room.topic().value());
                insert.setString(3, room.createdBy());
                insert.setLong(4, room.createdAt().toEpochMilli());
                return insert.executeUpdate() == 1;
            }
        }, "create the room " + room.name());
    }

    @Override
    public Optional<Room> find(RoomName name) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT name, topic, created_by, created_at FROM rooms WHERE name = ?")) {
                select.setString(1, name.value());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(room(row)) : Optional.<Room>empty();
                }
            }
        }, "find the room " + name);
    }

    @Override
    public List<Room> list() {
        return db.read(c -> {
            // Names are ASCII, so SQLite's binary order is RoomName's order.
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT name, topic, created_by, created_at FROM rooms ORDER BY name");
                 ResultSet row = select.executeQuery()) {
                List<Room> rooms = new ArrayList<>();
                while (row.next()) {
                    rooms.add(room(row));
                }
                return List.copyOf(rooms);
            }
        }, "list the rooms");
    }

    private static Room room(ResultSet row) throws SQLException {
        return new Room(new RoomName(row.getString(1)), new Topic(row.getString(2)), row.getString(3),
                Instant.ofEpochMilli(row.getLong(4)));
    }
}
