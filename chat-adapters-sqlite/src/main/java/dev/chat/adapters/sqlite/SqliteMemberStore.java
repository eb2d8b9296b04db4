package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import java.sql.Connection;
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
 * stored as its wire name, {@code since} in epoch milliseconds, the read marker as the position it stands at.
 */
public final class SqliteMemberStore implements MemberStore {

    private static final String COLUMNS = "room, username, role, since, read_up_to";

    /** A room's members by name, through the primary key. */
    static final String MEMBERS =
            "SELECT " + COLUMNS + " FROM members WHERE room = ? AND username > ? ORDER BY username LIMIT ?";

    /** A user's rooms by name, through members_by_user: one indexed query, not a scan. */
    static final String ROOMS_OF =
            "SELECT " + COLUMNS + " FROM members WHERE username = ? AND room > ? ORDER BY room LIMIT ?";

    /** Moves a marker forward only, and writes nothing when it would not move. */
    private static final String MARK_READ =
            "UPDATE members SET read_up_to = ? WHERE room = ? AND username = ? AND read_up_to < ?";

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
                            + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (room, username) DO NOTHING")) {
                        insert.setString(1, member.room().value());
                        insert.setString(2, member.user().value());
                        insert.setString(3, member.role().wire());
                        insert.setLong(4, member.since().toEpochMilli());
                        insert.setLong(5, member.readUpTo());
                        return insert.executeUpdate() == 1;
                    }
                },
                "add " + member.user() + " to " + member.room());
    }

    @Override
    public Optional<Member> find(RoomName room, Username user) {
        return db.read(c -> find(c, room, user), "find " + user + " in " + room);
    }

    private static Optional<Member> find(Connection c, RoomName room, Username user) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT " + COLUMNS + " FROM members WHERE room = ? AND username = ?")) {
            select.setString(1, room.value());
            select.setString(2, user.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(member(row)) : Optional.empty();
            }
        }
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
    public boolean markRead(RoomName room, Username user, long upTo) {
        // Readers mark often and mostly where they were: only a marker that moves costs a write to disk. When none
        // moved, a look in the same transaction tells a member who had read further from someone who is not one.
        return db.write(
                c -> {
                    try (PreparedStatement update = c.prepareStatement(MARK_READ)) {
                        update.setLong(1, upTo);
                        update.setString(2, room.value());
                        update.setString(3, user.value());
                        update.setLong(4, upTo);
                        if (update.executeUpdate() == 1) {
                            return true;
                        }
                    }
                    return find(c, room, user).isPresent();
                },
                "mark " + room + " read by " + user + " up to " + upTo);
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
                Instant.ofEpochMilli(row.getLong(4)),
                row.getLong(5));
    }
}
