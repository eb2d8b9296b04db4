package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
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
 * Members in the {@code members} table, keyed by (room, username): the primary key makes adding atomic and
 * reads a room's members, the {@code members_by_user} index (username, room) reads a user's rooms. The role is
 * stored as its wire name, {@code since} in epoch milliseconds.
 */
public final class SqliteMemberStore implements MemberStore {

    private static final String COLUMNS = "room, username, role, since";

    /** A room's members by name, through the primary key. */
    static final String MEMBERS =
            "SELECT " + COLUMNS + " FROM members WHERE room = ? AND username > ? ORDER BY username LIMIT ?";

    /** A user's rooms by name, through members_by_user: one indexed query, not a scan. */
    static final String ROOMS_OF =
            "SELECT " + COLUMNS + " FROM members WHERE username = ? AND room > ? ORDER BY room LIMIT ?";

    private final SqliteDatabase db;

    public SqliteMemberStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean add(Member member) {
        // One statement: of racing adds, on this connection or another node's, the primary key lets one in.
        return db.read(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO members (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?) ON CONFLICT (room, username) DO NOTHING")) {
                        insert.setString(1, member.room().value());
                        insert.setString(2, member.user().value());
                        insert.setString(3, member.role().wire());
                        insert.setLong(4, member.since().toEpochMilli());
                        return insert.executeUpdate() == 1;
                    }
                },
                "add " + member.user() + " to " + member.room());
    }

    @Override
    public Optional<Member> find(RoomName room, Username user) {
        return db.read(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM members WHERE room = ? AND username = ?")) {
                        select.setString(1, room.value());
                        select.setString(2, user.value());
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? Optional.of(member(row)) : Optional.<Member>empty();
                        }
                    }
                },
                "find " + user + " in " + room);
    }

    @Override
    public List<Member> members(RoomName room, Username after, int limit) {
        return page(MEMBERS, room.value(), after == null ? "" : after.value(), limit, "list the members of " + room);
    }

    @Override
    public List<Member> roomsOf(Username user, RoomName after, int limit) {
        return page(ROOMS_OF, user.value(), after == null ? "" : after.value(), limit, "list the rooms of " + user);
    }

    /** Names are ASCII, so SQLite's binary order is the names' order and "" comes before every one. */
    private List<Member> page(String sql, String key, String after, int limit, String what) {
        if (limit <= 0) {
            // SQLite reads a negative LIMIT as "no limit"; asking for nothing gets nothing.
            return List.of();
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(sql)) {
                        select.setString(1, key);
                        select.setString(2, after);
                        select.setInt(3, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Member> members = new ArrayList<>();
                            while (row.next()) {
                                members.add(member(row));
                            }
                            return List.copyOf(members);
                        }
                    }
                },
                what);
    }

    @Override
    public boolean setRole(RoomName room, Username user, Role role) {
        return change(
                        "UPDATE members SET role = ? WHERE room = ? AND username = ?",
                        "make " + user + " " + role.wire() + " of " + room,
                        role.wire(),
                        room.value(),
                        user.value())
                == 1;
    }

    @Override
    public boolean remove(RoomName room, Username user) {
        return change(
                        "DELETE FROM members WHERE room = ? AND username = ?",
                        "remove " + user + " from " + room,
                        room.value(),
                        user.value())
                == 1;
    }

    @Override
    public void removeAll(RoomName room) {
        change("DELETE FROM members WHERE room = ?", "remove the members of " + room, room.value());
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        // OR REPLACE: a member the new name still holds from before gives way to the moved one, as in memory.
        change(
                "UPDATE OR REPLACE members SET room = ? WHERE room = ?",
                "move the members of " + from + " to " + to,
                to.value(),
                from.value());
    }

    /**
     * Runs one statement that changes members, its parameters bound in order, in a write transaction that is
     * committed before this returns: readers see all of a room's members moved or removed, or none of them.
     */
    private int change(String sql, String what, String... parameters) {
        return db.write(
                c -> {
                    try (PreparedStatement change = c.prepareStatement(sql)) {
                        for (int i = 0; i < parameters.length; i++) {
                            change.setString(i + 1, parameters[i]);
                        }
                        return change.executeUpdate();
                    }
                },
                what);
    }

    private static Member member(ResultSet row) throws SQLException {
        return new Member(
                new RoomName(row.getString(1)),
                new Username(row.getString(2)),
                Role.valueOf(row.getString(3).toUpperCase(Locale.ROOT)),
                Instant.ofEpochMilli(row.getLong(4)));
    }
}
