package dev.chat.adapters.sqlite;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Access tokens in the {@code tokens} table, keyed by the hash of their secret. */
public final class SqliteTokenStore implements TokenStore {

    private static final String COLUMNS =
            "token_hash, id, owner, name, created_at, expires_at, last_used, rooms, can_write";

    /** An owner's tokens: one range of {@code tokens_by_owner}. */
    static final String LIST_OF = "SELECT " + COLUMNS + " FROM tokens WHERE owner = ?";

    /** One token of an owner, by id: one step into {@code tokens_by_owner}. */
    static final String BY_OWNER_AND_ID = "SELECT " + COLUMNS + " FROM tokens WHERE owner = ? AND id = ?";

    private final SqliteDatabase db;

    public SqliteTokenStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void save(AccessToken token) {
        db.read(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT OR REPLACE INTO tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, token.tokenHash());
                        insert.setString(2, token.id());
                        insert.setString(3, token.owner().value());
                        insert.setString(4, token.name());
                        insert.setLong(5, token.createdAt().toEpochMilli());
                        setInstant(insert, 6, token.expiresAt());
                        setInstant(insert, 7, token.lastUsed());
                        insert.setString(
                                8,
                                token.rooms().stream()
                                        .map(RoomName::value)
                                        .sorted()
                                        .collect(Collectors.joining(" ")));
                        insert.setInt(9, token.write() ? 1 : 0);
                        return insert.executeUpdate();
                    }
                },
                "save an access token of " + token.owner());
    }

    @Override
    public Optional<AccessToken> find(String tokenHash) {
        return db.read(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE token_hash = ?")) {
                        select.setString(1, tokenHash);
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? Optional.of(tokenOf(row)) : Optional.empty();
                        }
                    }
                },
                "find an access token");
    }

    @Override
    public List<AccessToken> listOf(Username owner) {
        return db.read(
                c -> {
                    try (PreparedStatement select = c.prepareStatement(LIST_OF)) {
                        select.setString(1, owner.value());
                        List<AccessToken> tokens = new ArrayList<>();
                        try (ResultSet row = select.executeQuery()) {
                            while (row.next()) {
                                tokens.add(tokenOf(row));
                            }
                        }
                        return List.copyOf(tokens);
                    }
                },
                "list the access tokens of " + owner);
    }

    @Override
    public Optional<AccessToken> delete(Username owner, String id) {
        // Read and delete in one immediate transaction: of two revocations, one returns the token.
        return db.write(
                c -> {
                    AccessToken found;
                    try (PreparedStatement select = c.prepareStatement(BY_OWNER_AND_ID)) {
                        select.setString(1, owner.value());
                        select.setString(2, id);
                        try (ResultSet row = select.executeQuery()) {
                            if (!row.next()) {
                                return Optional.empty();
                            }
                            found = tokenOf(row);
                        }
                    }
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM tokens WHERE token_hash = ?")) {
                        delete.setString(1, found.tokenHash());
                        delete.executeUpdate();
                    }
                    return Optional.of(found);
                },
                "revoke an access token of " + owner);
    }

    @Override
    public void touch(String tokenHash, Instant lastUsed) {
        db.read(
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement("UPDATE tokens SET last_used = ? WHERE token_hash = ?")) {
                        update.setLong(1, lastUsed.toEpochMilli());
                        update.setString(2, tokenHash);
                        return update.executeUpdate();
                    }
                },
                "record the use of an access token");
    }

    private static AccessToken tokenOf(ResultSet row) throws SQLException {
        String rooms = row.getString(8);
        return new AccessToken(
                row.getString(2),
                new Username(row.getString(3)),
                row.getString(4),
                row.getString(1),
                Instant.ofEpochMilli(row.getLong(5)),
                instantOf(row, 6),
                instantOf(row, 7),
                rooms.isEmpty()
                        ? Set.of()
                        : Arrays.stream(rooms.split(" ")).map(RoomName::new).collect(Collectors.toSet()),
                row.getInt(9) != 0);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    private static Instant instantOf(ResultSet row, int index) throws SQLException {
        long millis = row.getLong(index);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
