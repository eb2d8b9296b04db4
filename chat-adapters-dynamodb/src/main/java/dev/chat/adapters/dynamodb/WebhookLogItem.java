package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.chat.core.domain.WebhookAttempt;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One logged attempt of a webhook: table {@code <prefix>webhook_log}, hash key the webhook's id, range key
 * {@value #SEQ}, the attempt's number among the webhook's (counted by {@link WebhookItem#LOG_SEQ}), so a webhook's
 * newest attempts are one query read backwards and those past the kept number one range below them. {@code at} is
 * ISO-8601 text; {@code error} is absent for a delivered message.
 */
final class WebhookLogItem {

    static final String WEBHOOK = "webhookId";
    static final String SEQ = "seq";

    static final TableSchema<WebhookLogItem> SCHEMA = StaticTableSchema.builder(WebhookLogItem.class)
            .newItemSupplier(WebhookLogItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(WEBHOOK)
                            .getter(WebhookLogItem::getWebhookId)
                            .setter(WebhookLogItem::setWebhookId)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name(SEQ)
                            .getter(WebhookLogItem::getSeq)
                            .setter(WebhookLogItem::setSeq)
                            .tags(primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("at").getter(WebhookLogItem::getAt).setter(WebhookLogItem::setAt))
            .addAttribute(
                    Long.class,
                    a -> a.name("messageId")
                            .getter(WebhookLogItem::getMessageId)
                            .setter(WebhookLogItem::setMessageId))
            .addAttribute(
                    Integer.class,
                    a -> a.name("attempt").getter(WebhookLogItem::getAttempt).setter(WebhookLogItem::setAttempt))
            .addAttribute(
                    Integer.class,
                    a -> a.name("status").getter(WebhookLogItem::getStatus).setter(WebhookLogItem::setStatus))
            .addAttribute(
                    String.class,
                    a -> a.name("error").getter(WebhookLogItem::getError).setter(WebhookLogItem::setError))
            .addAttribute(
                    Long.class,
                    a -> a.name("millis").getter(WebhookLogItem::getMillis).setter(WebhookLogItem::setMillis))
            .build();

    private String webhookId;
    private Long seq;
    private String at;
    private Long messageId;
    private Integer attempt;
    private Integer status;
    private String error;
    private Long millis;

    static WebhookLogItem of(String webhookId, long seq, WebhookAttempt attempt) {
        WebhookLogItem item = new WebhookLogItem();
        item.webhookId = webhookId;
        item.seq = seq;
        item.at = attempt.at().toString();
        item.messageId = attempt.messageId();
        item.attempt = attempt.attempt();
        item.status = attempt.status();
        item.error = attempt.error();
        item.millis = attempt.millis();
        return item;
    }

    WebhookAttempt toAttempt() {
        return new WebhookAttempt(Instant.parse(at), messageId, attempt, status, error, millis);
    }

    Key key() {
        return Key.builder().partitionValue(webhookId).sortValue(seq).build();
    }

    String getWebhookId() {
        return webhookId;
    }

    void setWebhookId(String webhookId) {
        this.webhookId = webhookId;
    }

    Long getSeq() {
        return seq;
    }

    void setSeq(Long seq) {
        this.seq = seq;
    }

    String getAt() {
        return at;
    }

    void setAt(String at) {
        this.at = at;
    }

    Long getMessageId() {
        return messageId;
    }

    void setMessageId(Long messageId) {
        this.messageId = messageId;
    }

    Integer getAttempt() {
        return attempt;
    }

    void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    Integer getStatus() {
        return status;
    }

    void setStatus(Integer status) {
        this.status = status;
    }

    String getError() {
        return error;
    }

    void setError(String error) {
        this.error = error;
    }

    Long getMillis() {
        return millis;
    }

    void setMillis(Long millis) {
        this.millis = millis;
    }
}
