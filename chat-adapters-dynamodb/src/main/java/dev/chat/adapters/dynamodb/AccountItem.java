package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An account as stored: table {@code <prefix>accounts}, keyed by the (case-folded) username. {@value #BANNED}
 * is true while an admin's ban lasts; accounts written before bans existed lack it and are not banned.
 * {@value #BY_OPERATOR} is true for accounts the operator made; {@value #RESET_HASH} and
 * {@value #RESET_EXPIRES} (epoch milliseconds) hold a pending password reset, and {@value #ROOMS_CREATED} counts
 * the rooms the user created. Every one of them may be absent, as in items written before they existed.
 */
final class AccountItem {

    static final String KEY = "username";
    static final String BANNED = "banned";
    static final String BY_OPERATOR = "byOperator";
    static final String PASSWORD_HASH = "passwordHash";
    static final String RESET_HASH = "resetHash";
    static final String RESET_EXPIRES = "resetExpires";
    static final String ROOMS_CREATED = "roomsCreated";

    static final TableSchema<AccountItem> SCHEMA = StaticTableSchema.builder(AccountItem.class)
            .newItemSupplier(AccountItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(AccountItem::getUsername)
                            .setter(AccountItem::setUsername)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(PASSWORD_HASH)
                            .getter(AccountItem::getPasswordHash)
                            .setter(AccountItem::setPasswordHash))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(AccountItem::getCreatedAt).setter(AccountItem::setCreatedAt))
            .addAttribute(
                    Boolean.class,
                    a -> a.name(BANNED).getter(AccountItem::getBanned).setter(AccountItem::setBanned))
            .addAttribute(
                    Boolean.class,
                    a -> a.name(BY_OPERATOR).getter(AccountItem::getByOperator).setter(AccountItem::setByOperator))
            .build();

    private String username;
    private String passwordHash;
    private String createdAt;
    private Boolean banned;
    private Boolean byOperator;

    static AccountItem of(Account account) {
        AccountItem item = new AccountItem();
        item.username = account.username().value();
        item.passwordHash = account.passwordHash();
        item.createdAt = account.createdAt().toString();
        item.banned = account.banned() ? Boolean.TRUE : null;
        item.byOperator = account.byOperator() ? Boolean.TRUE : null;
        return item;
    }

    /** Only the key and the ban; an update with it leaves the other attributes alone. */
    static AccountItem ban(Username username, boolean banned) {
        AccountItem item = new AccountItem();
        item.username = username.value();
        item.banned = banned;
        return item;
    }

    Account toAccount() {
        return new Account(
                new Username(username),
                passwordHash,
                Instant.parse(createdAt),
                Boolean.TRUE.equals(banned),
                Boolean.TRUE.equals(byOperator));
    }

    Boolean getByOperator() {
        return byOperator;
    }

    void setByOperator(Boolean byOperator) {
        this.byOperator = byOperator;
    }

    Boolean getBanned() {
        return banned;
    }

    void setBanned(Boolean banned) {
        this.banned = banned;
    }

    String getUsername() {
        return username;
    }

    void setUsername(String username) {
        this.username = username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    String getCreatedAt() {
        return createdAt;
    }

    void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
