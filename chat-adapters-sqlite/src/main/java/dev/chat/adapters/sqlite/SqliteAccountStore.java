package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Accounts in the {@code accounts} table; the primary key on the name is what makes registration atomic. */
public final class SqliteAccountStore implements AccountStore {

    private static final String COLUMNS = "username, password_hash, created_at, banned, by_operator";

    private final SqliteDatabase db;

    public SqliteAccountStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean create(Account account) {
        return db.read(
                c -> {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO accounts (username, password_hash, created_at, banned, by_operator)"
                                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
                        insert.setString(1, account.username().value());
                        insert.setString(2, account.passwordHash());
                        insert.setLong(3, account.createdAt().toEpochMilli());
                        insert.setInt(4, account.banned() ? 1 : 0);
                        insert.setInt(5, account.byOperator() ? 1 : 0);
                        return insert.executeUpdate() == 1;
                    }
                },
                "create the account " + account.username());
    }

    @Override
    public Optional<Account> find(Username username) {
        return db.read(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE username = ?")) {
                        select.setString(1, username.value());
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? Optional.of(account(row)) : Optional.<Account>empty();
                        }
                    }
                },
                "find the account " + username);
    }

    @Override
    public List<Account> list() {
        return db.read(
                c -> {
                    // Names are ASCII, so SQLite's binary order is Username's order.
                    try (PreparedStatement select =
                                    c.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY username");
                            ResultSet row = select.executeQuery()) {
                        List<Account> accounts = new ArrayList<>();
                        while (row.next()) {
                            accounts.add(account(row));
                        }
                        return List.copyOf(accounts);
                    }
                },
                "list the accounts");
    }

    @Override
    public boolean setBanned(Username username, boolean banned) {
        return db.read(
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement("UPDATE accounts SET banned = ? WHERE username = ?")) {
                        update.setInt(1, banned ? 1 : 0);
                        update.setString(2, username.value());
                        return update.executeUpdate() == 1;
                    }
                },
                (banned ? "ban " : "unban ") + username);
    }

    @Override
    public boolean setByOperator(Username username) {
        return update("UPDATE accounts SET by_operator = 1 WHERE username = ?", username, "vouch for ");
    }

    @Override
    public boolean setPasswordHash(Username username, String passwordHash) {
        return db.read(
                c -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET password_hash = ?,"
                            + " reset_hash = NULL, reset_expires = NULL WHERE username = ?")) {
                        update.setString(1, passwordHash);
                        update.setString(2, username.value());
                        return update.executeUpdate() == 1;
                    }
                },
                "set the password of " + username);
    }

    @Override
    public boolean setPasswordReset(Username username, String tokenHash, Instant expiresAt) {
        return db.read(
                c -> {
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE accounts SET reset_hash = ?, reset_expires = ? WHERE username = ?")) {
                        update.setString(1, tokenHash);
                        update.setLong(2, expiresAt.toEpochMilli());
                        update.setString(3, username.value());
                        return update.executeUpdate() == 1;
                    }
                },
                "record a password reset for " + username);
    }

    @Override
    public boolean resetPassword(Username username, String tokenHash, Instant now, String passwordHash) {
        // One statement: of two uses of one token, only the first finds it.
        return db.read(
                c -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET password_hash = ?,"
                            + " reset_hash = NULL, reset_expires = NULL"
                            + " WHERE username = ? AND reset_hash = ? AND reset_expires > ?")) {
                        update.setString(1, passwordHash);
                        update.setString(2, username.value());
                        update.setString(3, tokenHash);
                        update.setLong(4, now.toEpochMilli());
                        return update.executeUpdate() == 1;
                    }
                },
                "reset the password of " + username);
    }

    @Override
    public boolean addRoomCreated(Username username, int max) {
        return db.read(
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement("UPDATE accounts SET rooms_created = rooms_created + 1"
                                    + " WHERE username = ? AND rooms_created < ?")) {
                        update.setString(1, username.value());
                        update.setInt(2, max);
                        return update.executeUpdate() == 1;
                    }
                },
                "count a room of " + username);
    }

    @Override
    public void removeRoomCreated(Username username) {
        update(
                "UPDATE accounts SET rooms_created = rooms_created - 1 WHERE username = ? AND rooms_created > 0",
                username,
                "count a room fewer for ");
    }

    private boolean update(String sql, Username username, String what) {
        return db.read(
                c -> {
                    try (PreparedStatement update = c.prepareStatement(sql)) {
                        update.setString(1, username.value());
                        return update.executeUpdate() == 1;
                    }
                },
                what + username);
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(
                new Username(row.getString(1)),
                row.getString(2),
                Instant.ofEpochMilli(row.getLong(3)),
                row.getInt(4) != 0,
                row.getInt(5) != 0);
    }
}
