package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mentions in the {@code mentions} table, keyed by (username, room, message_id): the primary key keeps a mention
 * recorded twice once and finds the one to take back; the {@code mentions_by_time} index (username, ts, room,
 * message_id, all descending) reads a user's newest first. Times are epoch milliseconds; {@code author} is who
 * wrote the message. Each add forgets a few of the user's mentions that are both old and beyond their newest
 * {@value MentionStore#KEPT}, so a user's rows stay few without a sweep.
 */
public final class SqliteMentionStore implements MentionStore {

    private static final String COLUMNS = "username, room, message_id, author, ts";

    /** A user's newest mentions, through mentions_by_time: one index range in order, no sort. */
    static final String RECENT = "SELECT " + COLUMNS + " FROM mentions WHERE username = ?"
            + " ORDER BY ts DESC, room DESC, message_id DESC LIMIT ?";

    /**
     * The most old mentions one add forgets: more than the one it records, so that a user's backlog (from before
     * pruning, or that aged past the cutoff meanwhile) shrinks while they keep being mentioned.
     */
    static final int PRUNED_PER_ADD = 8;

    /**
     * Forgets a few of the user's oldest mentions that are both older than a cutoff (the time of the mention just
     * recorded less {@value MentionStore#KEPT_DAYS} days) and further down than their {@value MentionStore#KEPT}th
     * newest (the order is by (ts, room, message_id), all descending, so further down is a smaller row value). Bounded work, whatever the user holds: the inner query steps {@value MentionStore#KEPT}
     * entries into the index, the outer reads the oldest few; with fewer mentions it finds no row and forgets none.
     */
    static final String PRUNE = "DELETE FROM mentions WHERE username = ? AND (room, message_id) IN ("
            + "SELECT room, message_id FROM mentions WHERE username = ? AND ts < ? AND (ts, room, message_id) < ("
            + "SELECT ts, room, message_id FROM mentions WHERE username = ?"
            + " ORDER BY ts DESC, room DESC, message_id DESC LIMIT 1 OFFSET " + (KEPT - 1) + ")"
            + " ORDER BY ts LIMIT " + PRUNED_PER_ADD + ")";

    private static final Duration KEPT_FOR = Duration.ofDays(KEPT_DAYS);

    private final SqliteDatabase db;

    public SqliteMentionStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void add(Mention mention) {
        String user = mention.user().value();
        db.write(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO mentions (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (username, room, message_id) DO NOTHING")) {
                        insert.setString(1, user);
                        insert.setString(2, mention.room().value());
                        insert.setLong(3, mention.messageId());
                        insert.setString(4, mention.by().value());
                        insert.setLong(5, mention.ts().toEpochMilli());
                        if (insert.executeUpdate() == 0) {
                            return null;
                        }
                    }
                    // The store has no clock: a mention is recorded as its message is written, so its time stands
                    // for now. One of an older message only moves the cutoff back, and then less is forgotten.
                    try (PreparedStatement prune = c.prepareStatement(PRUNE)) {
                        prune.setString(1, user);
                        prune.setString(2, user);
                        prune.setLong(3, mention.ts().minus(KEPT_FOR).toEpochMilli());
                        prune.setString(4, user);
                        prune.executeUpdate();
                    }
                    return null;
                },
                "record a mention of " + mention.user() + " in " + mention.room());
    }

    @Override
    public void remove(Username user, RoomName room, long messageId) {
        db.write(
                c -> {
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM mentions WHERE username = ? AND room = ? AND message_id = ?")) {
                        delete.setString(1, user.value());
                        delete.setString(2, room.value());
                        delete.setLong(3, messageId);
                        return delete.executeUpdate();
                    }
                },
                "take back the mention of " + user + " in message " + messageId + " of " + room);
    }

    @Override
    public List<Mention> recent(Username user, int limit) {
        if (limit <= 0) {
            // SQLite reads a negative LIMIT as "no limit"; asking for nothing gets nothing.
            return List.of();
        }
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(RECENT)) {
                        select.setString(1, user.value());
                        select.setInt(2, limit);
                        try (ResultSet row = select.executeQuery()) {
                            List<Mention> mentions = new ArrayList<>();
                            while (row.next()) {
                                mentions.add(mention(row));
                            }
                            return List.copyOf(mentions);
                        }
                    }
                },
                "read the mentions of " + user);
    }

    private static Mention mention(ResultSet row) throws SQLException {
        return new Mention(
                new Username(row.getString(1)),
                new RoomName(row.getString(2)),
                row.getLong(3),
                new Username(row.getString(4)),
                Instant.ofEpochMilli(row.getLong(5)));
    }
}
