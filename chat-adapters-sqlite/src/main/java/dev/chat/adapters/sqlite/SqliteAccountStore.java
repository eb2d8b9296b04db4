package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Accounts in the {@code accounts} table; the primary key on the name is what makes registration atomic. */
public final class SqliteAccountStore implements AccountStore {

    private final SqliteDatabase db;

    public SqliteAccountStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean create(Account account) {
        return db.read(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (username, password_hash, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (username) DO NOTHING")) {
                insert.setString(1, account.username().value());
                insert.setString(2, account.passwordHash());
                insert.setLong(3, account.createdAt().toEpochMilli());
                return insert.executeUpdate() == 1;
            }
        }, "create the account " + account.username());
    }

    @Override
    public Optional<Account> find(Username username) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT password_hash, created_at FROM accounts WHERE username = ?")) {
                select.setString(1, username.value());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(username, row.getString(1), Instant.ofEpochMilli(row.getLong(2))));
                }
            }
        }, "find the account " + username);
    }
}
