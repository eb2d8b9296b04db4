package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Sessions in the {@code sessions} table, keyed by the hash of their token. */
public final class SqliteSessionStore implements SessionStore {

    private final SqliteDatabase db;

    public SqliteSessionStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void save(Session session) {
        db.read(
                c -> {
                    try (PreparedStatement upsert = c.prepareStatement(
                            "INSERT OR REPLACE INTO sessions (token_hash, username, guest, created_at, last_seen)"
                                    + " VALUES (?, ?, ?, ?, ?)")) {
                        upsert.setString(1, session.tokenHash());
                        upsert.setString(2, session.user().value());
                        upsert.setInt(3, session.guest() ? 1 : 0);
                        upsert.setLong(4, session.createdAt().toEpochMilli());
                        upsert.setLong(5, session.lastSeen().toEpochMilli());
                        return upsert.executeUpdate();
                    }
                },
                "save a session of " + session.user());
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(
                            "SELECT username, guest, created_at, last_seen FROM sessions WHERE token_hash = ?")) {
                        select.setString(1, tokenHash);
                        try (ResultSet row = select.executeQuery()) {
                            if (!row.next()) {
                                return Optional.empty();
                            }
                            return Optional.of(new Session(
                                    tokenHash,
                                    new Username(row.getString(1)),
                                    row.getInt(2) != 0,
                                    Instant.ofEpochMilli(row.getLong(3)),
                                    Instant.ofEpochMilli(row.getLong(4))));
                        }
                    }
                },
                "find a session");
    }

    @Override
    public void touch(String tokenHash, Instant lastSeen) {
        db.read(
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement("UPDATE sessions SET last_seen = ? WHERE token_hash = ?")) {
                        update.setLong(1, lastSeen.toEpochMilli());
                        update.setString(2, tokenHash);
                        return update.executeUpdate();
                    }
                },
                "touch a session");
    }

    @Override
    public void delete(String tokenHash) {
        db.read(
                c -> {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                        delete.setString(1, tokenHash);
                        return delete.executeUpdate();
                    }
                },
                "delete a session");
    }

    @Override
    public List<String> deleteAllOf(Username user, String keep) {
        // Read and delete in one immediate transaction, so a session saved in between is not left behind
        // unreported; the sessions_by_user index keeps both statements off a full scan.
        String kept = keep == null ? "" : keep;
        return db.write(
                c -> {
                    List<String> hashes = new ArrayList<>();
                    try (PreparedStatement select = c.prepareStatement(
                            "SELECT token_hash FROM sessions WHERE username = ? AND token_hash <> ?")) {
                        select.setString(1, user.value());
                        select.setString(2, kept);
                        try (ResultSet row = select.executeQuery()) {
                            while (row.next()) {
                                hashes.add(row.getString(1));
                            }
                        }
                    }
                    try (PreparedStatement delete =
                            c.prepareStatement("DELETE FROM sessions WHERE username = ? AND token_hash <> ?")) {
                        delete.setString(1, user.value());
                        delete.setString(2, kept);
                        delete.executeUpdate();
                    }
                    return List.copyOf(hashes);
                },
                "delete the sessions of " + user);
    }

    @Override
    public int purgeIdle(Instant lastSeenBefore, int max) {
        // The sessions_by_last_seen index finds them without a scan; the batch keeps one transaction short.
        return db.read(
                c -> {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE token_hash IN"
                            + " (SELECT token_hash FROM sessions WHERE last_seen < ? LIMIT ?)")) {
                        delete.setLong(1, lastSeenBefore.toEpochMilli());
                        delete.setInt(2, max);
                        return delete.executeUpdate();
                    }
                },
                "purge idle sessions");
    }
}
