package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A session as stored: table {@code <prefix>sessions}, keyed by the SHA-256 of its token. {@code expiresAt}
 * (epoch seconds) is the table's TTL attribute, so DynamoDB purges idle sessions by itself; whether a
 * session is still valid is decided on read from {@code lastSeen}, never by the purge.
 */
final class SessionItem {

    static final String KEY = "tokenHash";
    static final String USER = "username";
    static final String TTL_ATTRIBUTE = "expiresAt";

    static final TableSchema<SessionItem> SCHEMA = StaticTableSchema.builder(SessionItem.class)
            .newItemSupplier(SessionItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(SessionItem::getTokenHash)
                            .setter(SessionItem::setTokenHash)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(USER).getter(SessionItem::getUsername).setter(SessionItem::setUsername))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("guest").getter(SessionItem::getGuest).setter(SessionItem::setGuest))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(SessionItem::getCreatedAt).setter(SessionItem::setCreatedAt))
            .addAttribute(
                    String.class,
                    a -> a.name("lastSeen").getter(SessionItem::getLastSeen).setter(SessionItem::setLastSeen))
            .addAttribute(
                    Long.class,
                    a -> a.name(TTL_ATTRIBUTE).getter(SessionItem::getExpiresAt).setter(SessionItem::setExpiresAt))
            .build();

    private String tokenHash;
    private String username;
    private Boolean guest;
    private String createdAt;
    private String lastSeen;
    private Long expiresAt;

    static SessionItem of(Session session, Duration idleTimeout) {
        SessionItem item = new SessionItem();
        item.tokenHash = session.tokenHash();
        item.username = session.user().value();
        item.guest = session.guest();
        item.createdAt = session.createdAt().toString();
        item.lastSeen = session.lastSeen().toString();
        item.expiresAt = expiry(session.lastSeen(), idleTimeout);
        return item;
    }

    /** Only what {@code touch} changes; the other attributes stay null and are left alone by the update. */
    static SessionItem seen(String tokenHash, Instant lastSeen, Duration idleTimeout) {
        SessionItem item = new SessionItem();
        item.tokenHash = tokenHash;
        item.lastSeen = lastSeen.toString();
        item.expiresAt = expiry(lastSeen, idleTimeout);
        return item;
    }

    private static long expiry(Instant lastSeen, Duration idleTimeout) {
        return lastSeen.plus(idleTimeout).getEpochSecond() + 1;
    }

    Session toSession() {
        return new Session(
                tokenHash,
                new Username(username),
                Boolean.TRUE.equals(guest),
                Instant.parse(createdAt),
                Instant.parse(lastSeen));
    }

    String getTokenHash() {
        return tokenHash;
    }

    void setTokenHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    String getUsername() {
        return username;
    }

    void setUsername(String username) {
        this.username = username;
    }

    Boolean getGuest() {
        return guest;
    }

    void setGuest(Boolean guest) {
        this.guest = guest;
    }

    String getCreatedAt() {
        return createdAt;
    }

    void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    String getLastSeen() {
        return lastSeen;
    }

    void setLastSeen(String lastSeen) {
        this.lastSeen = lastSeen;
    }

    Long getExpiresAt() {
        return expiresAt;
    }

    void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
