package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An access token as stored: table {@code <prefix>tokens}, keyed by the SHA-256 of its secret, like a session.
 * {@value #ROOMS} is a string set of the rooms it is limited to and is absent for a token of every room (DynamoDB
 * cannot store an empty set); {@code expiresAt} and {@value #LAST_USED} are absent for never. Instants are ISO-8601
 * text, as in the other items. There is no time to live: a token does not end by going unused, and an expired one
 * stays listed (and counted) until its owner revokes it, as the core wants.
 */
final class TokenItem {

    static final String KEY = "tokenHash";
    static final String ID = "id";
    static final String OWNER = "owner";
    static final String ROOMS = "rooms";
    static final String LAST_USED = "lastUsed";

    static final TableSchema<TokenItem> SCHEMA = StaticTableSchema.builder(TokenItem.class)
            .newItemSupplier(TokenItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(TokenItem::getTokenHash)
                            .setter(TokenItem::setTokenHash)
                            .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(ID).getter(TokenItem::getId).setter(TokenItem::setId))
            .addAttribute(
                    String.class, a -> a.name(OWNER).getter(TokenItem::getOwner).setter(TokenItem::setOwner))
            .addAttribute(
                    String.class, a -> a.name("name").getter(TokenItem::getName).setter(TokenItem::setName))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(TokenItem::getCreatedAt).setter(TokenItem::setCreatedAt))
            .addAttribute(
                    String.class,
                    a -> a.name("expiresAt").getter(TokenItem::getExpiresAt).setter(TokenItem::setExpiresAt))
            .addAttribute(
                    String.class,
                    a -> a.name(LAST_USED).getter(TokenItem::getLastUsed).setter(TokenItem::setLastUsed))
            .addAttribute(
                    EnhancedType.setOf(String.class),
                    a -> a.name(ROOMS).getter(TokenItem::getRooms).setter(TokenItem::setRooms))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("canWrite").getter(TokenItem::getCanWrite).setter(TokenItem::setCanWrite))
            .build();

    private String tokenHash;
    private String id;
    private String owner;
    private String name;
    private String createdAt;
    private String expiresAt;
    private String lastUsed;
    private Set<String> rooms;
    private Boolean canWrite;

    static TokenItem of(AccessToken token) {
        TokenItem item = new TokenItem();
        item.tokenHash = token.tokenHash();
        item.id = token.id();
        item.owner = token.owner().value();
        item.name = token.name();
        item.createdAt = token.createdAt().toString();
        item.expiresAt = text(token.expiresAt());
        item.lastUsed = text(token.lastUsed());
        item.rooms = token.rooms().isEmpty()
                ? null
                : token.rooms().stream().map(RoomName::value).collect(Collectors.toSet());
        item.canWrite = token.write();
        return item;
    }

    /** Only what {@code touch} changes; the other attributes stay null and are left alone by the update. */
    static TokenItem used(String tokenHash, Instant lastUsed) {
        TokenItem item = new TokenItem();
        item.tokenHash = tokenHash;
        item.lastUsed = lastUsed.toString();
        return item;
    }

    AccessToken toToken() {
        return new AccessToken(
                id,
                new Username(owner),
                name,
                tokenHash,
                Instant.parse(createdAt),
                instant(expiresAt),
                instant(lastUsed),
                rooms == null ? Set.of() : rooms.stream().map(RoomName::new).collect(Collectors.toSet()),
                Boolean.TRUE.equals(canWrite));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    String getTokenHash() {
        return tokenHash;
    }

    void setTokenHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    String getId() {
        return id;
    }

    void setId(String id) {
        this.id = id;
    }

    String getOwner() {
        return owner;
    }

    void setOwner(String owner) {
        this.owner = owner;
    }

    String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    String getCreatedAt() {
        return createdAt;
    }

    void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    String getExpiresAt() {
        return expiresAt;
    }

    void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    String getLastUsed() {
        return lastUsed;
    }

    void setLastUsed(String lastUsed) {
        this.lastUsed = lastUsed;
    }

    Set<String> getRooms() {
        return rooms;
    }

    void setRooms(Set<String> rooms) {
        this.rooms = rooms;
    }

    Boolean getCanWrite() {
        return canWrite;
    }

    void setCanWrite(Boolean canWrite) {
        this.canWrite = canWrite;
    }
}
