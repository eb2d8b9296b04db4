package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import dev.chat.testkit.WebhookStoreContract;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class DynamoWebhookStoreTest extends WebhookStoreContract {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final RoomName OPS = new RoomName("ops");

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected WebhookStore newStore() {
        return stores.fresh().webhooks();
    }

    @Override
    protected WebhookStore anotherNode(WebhookStore store) {
        return stores.anotherNode().webhooks();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }

    private static Webhook outgoing(String id) {
        return new Webhook(
                id,
                OPS,
                Webhook.Kind.OUTGOING,
                new Username("status-bot"),
                new Username("ana"),
                T0,
                null,
                "key",
                URI.create("https://bots.example.com/in"),
                null,
                0);
    }

    /** The attempts the log table holds for the webhook, shown or not. */
    private static int storedAttempts(DynamoSettings settings, String id) {
        try (DynamoDbClient client = DynamoStores.client(settings)) {
            return client.query(QueryRequest.builder()
                            .tableName(settings.tablePrefix() + DynamoTables.WEBHOOK_LOG)
                            .keyConditionExpression("#id = :id")
                            .expressionAttributeNames(Map.of("#id", WebhookLogItem.WEBHOOK))
                            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))
                            .consistentRead(true)
                            .build())
                    .count();
        }
    }

    @Test
    void the_log_table_keeps_no_more_attempts_than_the_log_shows_and_none_of_a_deleted_webhook() {
        DynamoSettings settings = TestStores.freshSettings();
        try (DynamoStores opened = DynamoStores.open(settings)) {
            WebhookStore webhooks = opened.webhooks();
            webhooks.save(outgoing("a1a1a1a1a1a1"));
            for (int i = 0; i < WebhookStore.LOG_SIZE + 4; i++) {
                webhooks.record("a1a1a1a1a1a1", new WebhookAttempt(T0, i, 1, 200, null, 1));
            }

            assertThat(storedAttempts(settings, "a1a1a1a1a1a1")).isEqualTo(WebhookStore.LOG_SIZE);

            webhooks.delete(OPS, "a1a1a1a1a1a1");

            assertThat(storedAttempts(settings, "a1a1a1a1a1a1")).isZero();
        }
    }

    @Test
    void a_lease_taken_on_one_node_is_refused_on_another_and_free_there_once_released() {
        WebhookStore first = stores.fresh().webhooks();
        WebhookStore second = stores.anotherNode().webhooks();
        first.save(outgoing("a1a1a1a1a1a1"));

        assertThat(first.lease("a1a1a1a1a1a1", "node-1", T0, T0.plusSeconds(30)))
                .isTrue();
        assertThat(second.lease("a1a1a1a1a1a1", "node-2", T0, T0.plusSeconds(30)))
                .isFalse();

        first.release("a1a1a1a1a1a1", "node-1");

        assertThat(second.lease("a1a1a1a1a1a1", "node-2", T0, T0.plusSeconds(30)))
                .isTrue();
    }

    @Test
    void a_room_move_racing_a_deletion_does_not_bring_the_webhook_back() {
        WebhookStore webhooks = stores.fresh().webhooks();
        webhooks.save(outgoing("a1a1a1a1a1a1"));
        webhooks.advance("a1a1a1a1a1a1", 0, 5);

        webhooks.delete(OPS, "a1a1a1a1a1a1");
        webhooks.moveRoom(OPS, new RoomName("lobby"));
        webhooks.advance("a1a1a1a1a1a1", 5, 6);
        webhooks.release("a1a1a1a1a1a1", "node-1");

        assertThat(webhooks.find("a1a1a1a1a1a1")).isEmpty();
        assertThat(webhooks.outgoing()).isEmpty();
    }
}
