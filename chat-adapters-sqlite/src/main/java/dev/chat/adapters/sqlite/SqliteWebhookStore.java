package dev.chat.adapters.sqlite;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import java.net.URI;
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
 * Webhooks in the {@code webhooks} table, keyed by id, with an outgoing one's cursor and lease in its row; each one's
 * log in {@code webhook_attempts}. The lease and the cursor change by one conditional {@code UPDATE} each, so of two
 * nodes sharing the file one wins; an attempt is added and the log cut back to {@link #LOG_SIZE} in one transaction.
 */
public final class SqliteWebhookStore implements WebhookStore {

    private static final String COLUMNS =
            "id, room, kind, bot, created_by, created_at, secret_hash, signing_key, url, trigger_word, cursor";

    /** A room's webhooks: one range of {@code webhooks_by_room}. */
    static final String LIST_OF = "SELECT " + COLUMNS + " FROM webhooks WHERE room = ?";

    /**
     * Every outgoing webhook: a scan of the whole table, which is small (a room has a handful) and read only now and
     * then by each node.
     */
    static final String OUTGOING = "SELECT " + COLUMNS + " FROM webhooks WHERE kind = 'outgoing'";

    /** A webhook's newest attempts: one range of the primary key read backwards. */
    static final String LOG = "SELECT at, message_id, attempt, status, error, millis FROM webhook_attempts"
            + " WHERE webhook_id = ? ORDER BY seq DESC LIMIT " + LOG_SIZE;

    /**
     * Adds an attempt after the webhook's newest, or nothing when there is no such webhook: one step into each primary
     * key.
     */
    static final String RECORD = "INSERT INTO webhook_attempts"
            + " (webhook_id, seq, at, message_id, attempt, status, error, millis)"
            + " SELECT id, (SELECT coalesce(max(seq), 0) + 1 FROM webhook_attempts WHERE webhook_id = id),"
            + " ?, ?, ?, ?, ?, ? FROM webhooks WHERE id = ?";

    /** Drops the attempts past the newest {@link #LOG_SIZE}: the key's range below the first one dropped. */
    static final String TRIM = "DELETE FROM webhook_attempts WHERE webhook_id = ? AND seq <= (SELECT seq"
            + " FROM webhook_attempts WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET " + LOG_SIZE + ")";

    /** The logs of a room's webhooks, found through {@code webhooks_by_room}. */
    static final String DELETE_ROOM_LOGS =
            "DELETE FROM webhook_attempts WHERE webhook_id IN (SELECT id FROM webhooks WHERE room = ?)";

    private final SqliteDatabase db;

    public SqliteWebhookStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void save(Webhook webhook) {
        db.read(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT OR REPLACE INTO webhooks (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, webhook.id());
                        insert.setString(2, webhook.room().value());
                        insert.setString(3, webhook.kind().wire());
                        insert.setString(4, webhook.bot().value());
                        insert.setString(5, webhook.createdBy().value());
                        insert.setLong(6, webhook.createdAt().toEpochMilli());
                        insert.setString(7, webhook.secretHash());
                        insert.setString(8, webhook.signingKey());
                        insert.setString(
                                9, webhook.url() == null ? null : webhook.url().toString());
                        insert.setString(10, webhook.trigger());
                        insert.setLong(11, webhook.cursor());
                        return insert.executeUpdate();
                    }
                },
                "save a webhook of " + webhook.room());
    }

    @Override
    public Optional<Webhook> find(String id) {
        return db.read(c -> find(c, id), "find a webhook");
    }

    private static Optional<Webhook> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(webhookOf(row)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Webhook> listOf(RoomName room) {
        return db.read(c -> webhooks(c, LIST_OF, room.value()), "list the webhooks of " + room);
    }

    @Override
    public List<Webhook> outgoing() {
        return db.read(c -> webhooks(c, OUTGOING, null), "list the outgoing webhooks");
    }

    private static List<Webhook> webhooks(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            List<Webhook> webhooks = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    webhooks.add(webhookOf(row));
                }
            }
            return List.copyOf(webhooks);
        }
    }

    @Override
    public Optional<Webhook> delete(RoomName room, String id) {
        // Read and delete in one immediate transaction: of two deletions, one returns the webhook.
        return db.write(
                c -> {
                    Optional<Webhook> found = find(c, id).filter(w -> w.room().equals(room));
                    if (found.isPresent()) {
                        update(c, "DELETE FROM webhook_attempts WHERE webhook_id = ?", id);
                        update(c, "DELETE FROM webhooks WHERE id = ?", id);
                    }
                    return found;
                },
                "delete a webhook of " + room);
    }

    @Override
    public void deleteRoom(RoomName room) {
        db.write(
                c -> {
                    update(c, DELETE_ROOM_LOGS, room.value());
                    return update(c, "DELETE FROM webhooks WHERE room = ?", room.value());
                },
                "delete the webhooks of " + room);
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        db.read(
                c -> update(c, "UPDATE webhooks SET room = ? WHERE room = ?", to.value(), from.value()),
                "move the webhooks of " + from + " to " + to);
    }

    @Override
    public boolean lease(String id, String holder, Instant now, Instant until) {
        return db.read(
                c -> update(
                                c,
                                "UPDATE webhooks SET lease_holder = ?, lease_until = ? WHERE id = ?"
                                        + " AND (lease_holder IS NULL OR lease_holder = ? OR lease_until < ?)",
                                holder,
                                until.toEpochMilli(),
                                id,
                                holder,
                                now.toEpochMilli())
                        == 1,
                "lease a webhook");
    }

    @Override
    public void release(String id, String holder) {
        db.read(
                c -> update(
                        c,
                        "UPDATE webhooks SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?",
                        id,
                        holder),
                "release a webhook's lease");
    }

    @Override
    public boolean advance(String id, long from, long to) {
        return db.read(
                c -> update(c, "UPDATE webhooks SET cursor = ? WHERE id = ? AND cursor = ?", to, id, from) == 1,
                "move a webhook's cursor");
    }

    @Override
    public void record(String id, WebhookAttempt attempt) {
        db.write(
                c -> {
                    int added = update(
                            c,
                            RECORD,
                            attempt.at().toEpochMilli(),
                            attempt.messageId(),
                            attempt.attempt(),
                            attempt.status(),
                            attempt.error(),
                            attempt.millis(),
                            id);
                    return added == 0 ? 0 : update(c, TRIM, id, id);
                },
                "record a webhook's attempt");
    }

    @Override
    public List<WebhookAttempt> log(String id) {
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(LOG)) {
                        select.setString(1, id);
                        List<WebhookAttempt> attempts = new ArrayList<>();
                        try (ResultSet row = select.executeQuery()) {
                            while (row.next()) {
                                attempts.add(new WebhookAttempt(
                                        Instant.ofEpochMilli(row.getLong(1)),
                                        row.getLong(2),
                                        row.getInt(3),
                                        row.getInt(4),
                                        row.getString(5),
                                        row.getLong(6)));
                            }
                        }
                        return List.copyOf(attempts);
                    }
                },
                "read a webhook's log");
    }

    /** Runs one statement with these parameters (strings, numbers or null) and returns the rows it changed. */
    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static Webhook webhookOf(ResultSet row) throws SQLException {
        String url = row.getString(9);
        return new Webhook(
                row.getString(1),
                new RoomName(row.getString(2)),
                Webhook.Kind.ofWire(row.getString(3)),
                new Username(row.getString(4)),
                new Username(row.getString(5)),
                Instant.ofEpochMilli(row.getLong(6)),
                row.getString(7),
                row.getString(8),
                url == null ? null : URI.create(url),
                row.getString(10),
                row.getLong(11));
    }
}
