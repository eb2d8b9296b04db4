package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import java.net.URI;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A webhook as stored: table {@code <prefix>webhooks}, keyed by its id. What is null in the record is absent here;
 * {@code createdAt} is ISO-8601 text, as in the other items. Three attributes are not mapped, because only update
 * expressions write them and no read needs them: {@value #LEASE_HOLDER} and {@value #LEASE_UNTIL} (epoch millis, a
 * number, so a condition compares it with {@code now}), absent while no node holds the lease, and {@value #LOG_SEQ},
 * the number of the webhook's newest logged attempt ({@link WebhookLogItem}).
 */
final class WebhookItem {

    static final String KEY = "id";
    static final String ROOM = "room";
    static final String KIND = "kind";
    static final String CURSOR = "cursor";
    static final String LEASE_HOLDER = "leaseHolder";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String LOG_SEQ = "logSeq";

    static final TableSchema<WebhookItem> SCHEMA = StaticTableSchema.builder(WebhookItem.class)
            .newItemSupplier(WebhookItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(WebhookItem::getId)
                            .setter(WebhookItem::setId)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    String.class, a -> a.name(ROOM).getter(WebhookItem::getRoom).setter(WebhookItem::setRoom))
            .addAttribute(
                    String.class, a -> a.name(KIND).getter(WebhookItem::getKind).setter(WebhookItem::setKind))
            .addAttribute(
                    String.class, a -> a.name("bot").getter(WebhookItem::getBot).setter(WebhookItem::setBot))
            .addAttribute(
                    String.class,
                    a -> a.name("createdBy").getter(WebhookItem::getCreatedBy).setter(WebhookItem::setCreatedBy))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(WebhookItem::getCreatedAt).setter(WebhookItem::setCreatedAt))
            .addAttribute(
                    String.class,
                    a -> a.name("secretHash").getter(WebhookItem::getSecretHash).setter(WebhookItem::setSecretHash))
            .addAttribute(
                    String.class,
                    a -> a.name("signingKey").getter(WebhookItem::getSigningKey).setter(WebhookItem::setSigningKey))
            .addAttribute(
                    String.class, a -> a.name("url").getter(WebhookItem::getUrl).setter(WebhookItem::setUrl))
            .addAttribute(
                    String.class,
                    a -> a.name("trigger").getter(WebhookItem::getTrigger).setter(WebhookItem::setTrigger))
            .addAttribute(
                    Long.class,
                    a -> a.name(CURSOR).getter(WebhookItem::getCursor).setter(WebhookItem::setCursor))
            .build();

    private String id;
    private String room;
    private String kind;
    private String bot;
    private String createdBy;
    private String createdAt;
    private String secretHash;
    private String signingKey;
    private String url;
    private String trigger;
    private Long cursor;

    static WebhookItem of(Webhook webhook) {
        WebhookItem item = new WebhookItem();
        item.id = webhook.id();
        item.room = webhook.room().value();
        item.kind = webhook.kind().wire();
        item.bot = webhook.bot().value();
        item.createdBy = webhook.createdBy().value();
        item.createdAt = webhook.createdAt().toString();
        item.secretHash = webhook.secretHash();
        item.signingKey = webhook.signingKey();
        item.url = webhook.url() == null ? null : webhook.url().toString();
        item.trigger = webhook.trigger();
        item.cursor = webhook.cursor();
        return item;
    }

    Webhook toWebhook() {
        return new Webhook(
                id,
                new RoomName(room),
                Webhook.Kind.ofWire(kind),
                new Username(bot),
                new Username(createdBy),
                Instant.parse(createdAt),
                secretHash,
                signingKey,
                url == null ? null : URI.create(url),
                trigger,
                cursor == null ? 0 : cursor);
    }

    String getId() {
        return id;
    }

    void setId(String id) {
        this.id = id;
    }

    String getRoom() {
        return room;
    }

    void setRoom(String room) {
        this.room = room;
    }

    String getKind() {
        return kind;
    }

    void setKind(String kind) {
        this.kind = kind;
    }

    String getBot() {
        return bot;
    }

    void setBot(String bot) {
        this.bot = bot;
    }

    String getCreatedBy() {
        return createdBy;
    }

    void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    String getCreatedAt() {
        return createdAt;
    }

    void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    String getSecretHash() {
        return secretHash;
    }

    void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    String getSigningKey() {
        return signingKey;
    }

    void setSigningKey(String signingKey) {
        this.signingKey = signingKey;
    }

    String getUrl() {
        return url;
    }

    void setUrl(String url) {
        this.url = url;
    }

    String getTrigger() {
        return trigger;
    }

    void setTrigger(String trigger) {
        this.trigger = trigger;
    }

    Long getCursor() {
        return cursor;
    }

    void setCursor(Long cursor) {
        this.cursor = cursor;
    }
}
