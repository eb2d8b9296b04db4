package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testsupport.Dynalite;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** What the DynamoDB stores do beyond the port contracts: tables, start-up checks, TTL, faults. */
class DynamoStoresTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    @Test
    void a_start_without_the_tables_fails_naming_every_missing_table() {
        DynamoSettings settings = TestStores.freshSettings().withCreateTables(false);

        assertThatThrownBy(() -> DynamoStores.open(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.tablePrefix() + "accounts")
                .hasMessageContaining(settings.tablePrefix() + "sessions")
                .hasMessageContaining(settings.tablePrefix() + "rooms")
                .hasMessageContaining(settings.tablePrefix() + "members")
                .hasMessageContaining(settings.tablePrefix() + "messages")
                .hasMessageContaining(settings.tablePrefix() + "mentions")
                .hasMessageContaining(settings.tablePrefix() + "tokens")
                .hasMessageContaining(settings.tablePrefix() + "webhooks")
                .hasMessageContaining(settings.tablePrefix() + "webhook_log")
                .hasMessageContaining("CHAT_DYNAMODB_CREATE_TABLES");
    }

    @Test
    void the_tables_of_the_version_before_tokens_gain_the_tokens_table_when_creation_is_on_and_are_refused_otherwise() {
        DynamoSettings settings = TestStores.freshSettings();
        try (DynamoDbClient client = DynamoStores.client(settings)) {
            for (String table : DynamoTables.NAMES) {
                if (!table.equals(DynamoTables.TOKENS)) {
                    client.createTable(DynamoTables.createRequest(settings.tablePrefix(), table));
                }
            }

            assertThatThrownBy(() -> DynamoStores.open(settings.withCreateTables(false)))
                    .hasMessageContaining("[" + settings.tablePrefix() + "tokens]");
            try (DynamoStores stores = DynamoStores.open(settings)) {
                stores.tokens()
                        .save(new dev.chat.core.domain.AccessToken(
                                "t1", new Username("ana"), "bot", "hash-t1", T0, null, null, java.util.Set.of(), true));
                assertThat(stores.tokens().find("hash-t1")).isPresent();
            }
        }
    }

    @Test
    void
            the_tables_of_the_version_before_webhooks_gain_the_webhook_tables_when_creation_is_on_and_are_refused_otherwise() {
        DynamoSettings settings = TestStores.freshSettings();
        try (DynamoDbClient client = DynamoStores.client(settings)) {
            for (String table : DynamoTables.NAMES) {
                if (!table.equals(DynamoTables.WEBHOOKS) && !table.equals(DynamoTables.WEBHOOK_LOG)) {
                    client.createTable(DynamoTables.createRequest(settings.tablePrefix(), table));
                }
            }

            assertThatThrownBy(() -> DynamoStores.open(settings.withCreateTables(false)))
                    .hasMessageContaining(
                            "[" + settings.tablePrefix() + "webhooks, " + settings.tablePrefix() + "webhook_log]");
            try (DynamoStores stores = DynamoStores.open(settings)) {
                stores.webhooks()
                        .save(new Webhook(
                                "a1a1a1a1a1a1",
                                new RoomName("ops"),
                                Webhook.Kind.INCOMING,
                                new Username("deploy-bot"),
                                new Username("ana"),
                                T0,
                                "sha",
                                null,
                                null,
                                null,
                                0));
                stores.webhooks().record("a1a1a1a1a1a1", new WebhookAttempt(T0, 1, 1, 200, null, 3));
                assertThat(stores.webhooks().find("a1a1a1a1a1a1")).isPresent();
                assertThat(stores.webhooks().log("a1a1a1a1a1a1")).hasSize(1);
            }
        }
    }

    @Test
    void a_rooms_table_of_an_earlier_version_without_its_index_is_refused_with_a_message_naming_it() {
        DynamoSettings settings = TestStores.freshSettings();
        try (DynamoDbClient client = DynamoStores.client(settings)) {
            for (String table : DynamoTables.NAMES) {
                CreateTableRequest request = DynamoTables.createRequest(settings.tablePrefix(), table);
                if (table.equals(DynamoTables.ROOMS)) {
                    request = request.toBuilder()
                            .globalSecondaryIndexes((java.util.Collection<
                                            software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex>)
                                    null)
                            .attributeDefinitions(request.attributeDefinitions().get(0))
                            .build();
                }
                client.createTable(request);
            }
            assertThatThrownBy(() -> DynamoStores.open(settings.withCreateTables(false)))
                    .hasMessageContaining(settings.tablePrefix() + "rooms/by-kind");
            assertThatThrownBy(() -> DynamoStores.open(settings))
                    .hasMessageContaining(settings.tablePrefix() + "rooms/by-kind")
                    .hasMessageContaining("deleted first");
        }
    }

    @Test
    void created_tables_have_exactly_the_declared_keys_and_index_and_a_second_start_reuses_them() {
        DynamoSettings settings = TestStores.freshSettings();
        try (DynamoStores first = DynamoStores.open(settings);
                DynamoStores second = DynamoStores.open(settings.withCreateTables(false));
                DynamoDbClient client = DynamoStores.client(settings)) {
            first.rooms().create(new dev.chat.core.domain.Room(RoomName.of("general"), null, null, T0));

            for (String table : DynamoTables.NAMES) {
                CreateTableRequest declared = DynamoTables.createRequest(settings.tablePrefix(), table);
                TableDescription actual = client.describeTable(b -> b.tableName(declared.tableName()))
                        .table();
                assertThat(actual.keySchema()).as(table).containsExactlyElementsOf(declared.keySchema());
                assertThat(actual.attributeDefinitions())
                        .as(table)
                        .containsExactlyInAnyOrderElementsOf(declared.attributeDefinitions());
                assertThat(actual.localSecondaryIndexes()).as(table).hasSameSizeAs(declared.localSecondaryIndexes());
                assertThat(actual.globalSecondaryIndexes())
                        .as(table)
                        .extracting(i -> i.indexName())
                        .containsExactlyInAnyOrderElementsOf(declared.globalSecondaryIndexes().stream()
                                .map(i -> i.indexName())
                                .toList());
            }
            assertThat(second.rooms().page(null, 10))
                    .extracting(r -> r.name().value())
                    .containsExactly("general");
        }
    }

    @Test
    void every_session_write_sets_the_ttl_attribute_to_the_end_of_the_idle_timeout() {
        DynamoSettings settings = TestStores.freshSettings().withSessionIdle(Duration.ofDays(30));
        try (DynamoStores stores = DynamoStores.open(settings);
                DynamoDbClient client = DynamoStores.client(settings)) {
            stores.sessions().save(new Session("hash-1", new Username("ana"), false, T0, T0));
            assertThat(expiresAt(client, settings, "hash-1"))
                    .isEqualTo(T0.plus(Duration.ofDays(30)).getEpochSecond() + 1);

            stores.sessions().touch("hash-1", T0.plus(Duration.ofDays(2)));

            assertThat(expiresAt(client, settings, "hash-1"))
                    .isEqualTo(T0.plus(Duration.ofDays(32)).getEpochSecond() + 1);
            assertThat(stores.sessions().find("hash-1"))
                    .get()
                    .satisfies(s -> assertThat(s.lastSeen()).isEqualTo(T0.plus(Duration.ofDays(2))))
                    .satisfies(s -> assertThat(s.createdAt()).isEqualTo(T0));
        }
    }

    private static long expiresAt(DynamoDbClient client, DynamoSettings settings, String tokenHash) {
        Map<String, AttributeValue> item = client.getItem(
                        b -> b.tableName(settings.tablePrefix() + DynamoTables.SESSIONS)
                                .key(Map.of("tokenHash", AttributeValue.fromS(tokenHash)))
                                .consistentRead(true))
                .item();
        return Long.parseLong(item.get(SessionItem.TTL_ATTRIBUTE).n());
    }

    /** Drops the answer to the first put into the table, as a connection reset after sending would; the SDK retries. */
    private static ExecutionInterceptor loseFirstPutAnswer(String table, AtomicInteger lostAnswers) {
        return new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutItemRequest put
                        && put.tableName().endsWith(table)
                        && lostAnswers.getAndIncrement() == 0) {
                    throw SdkClientException.create("answer lost", new IOException("connection reset"));
                }
            }
        };
    }

    @Test
    void a_put_whose_answer_was_lost_and_was_retried_is_reported_as_new_and_stored_once() {
        DynamoSettings settings = TestStores.freshSettings();
        AtomicInteger lostAnswers = new AtomicInteger();
        try (DynamoDbClient client =
                        DynamoStores.client(settings, loseFirstPutAnswer(DynamoTables.MESSAGES, lostAnswers));
                DynamoStores stores = DynamoStores.open(client, settings)) {

            Appended appended = stores.messages()
                    .append(new NewMessage(
                            RoomName.of("general"),
                            new Username("ana"),
                            new ClientId("c1"),
                            MessageText.of("hello"),
                            T0));

            assertThat(lostAnswers)
                    .as("puts whose answer was dropped, then retried by the SDK")
                    .hasValueGreaterThan(1);
            assertThat(appended.duplicate())
                    .as("the first append of c1 is new, so it gets published")
                    .isFalse();
            assertThat(stores.messages().after(RoomName.of("general"), 0, 10)).containsExactly(appended.message());
        }
    }

    @Test
    void a_member_add_whose_answer_was_lost_and_was_retried_is_reported_as_the_one_that_added() {
        DynamoSettings settings = TestStores.freshSettings();
        AtomicInteger lostAnswers = new AtomicInteger();
        Member ana = new Member(RoomName.of("general"), new Username("ana"), Role.OWNER, T0);
        try (DynamoDbClient client =
                        DynamoStores.client(settings, loseFirstPutAnswer(DynamoTables.MEMBERS, lostAnswers));
                DynamoStores stores = DynamoStores.open(client, settings)) {

            assertThat(stores.members().add(ana)).as("added by this call").isTrue();

            assertThat(lostAnswers)
                    .as("puts whose answer was dropped, then retried")
                    .hasValueGreaterThan(1);
            assertThat(stores.members().add(ana.withRole(Role.MEMBER))).isFalse();
            assertThat(stores.members().find(ana.room(), ana.user())).contains(ana);
        }
    }

    @Test
    void while_the_server_is_down_calls_fail_within_the_timeout_then_at_once_and_readiness_says_so() {
        try (Dynalite own = Dynalite.startInMemory()) {
            DynamoSettings settings =
                    TestStores.settings(own.endpoint(), "down-").withCallTimeout(Duration.ofSeconds(2));
            try (DynamoStores stores = DynamoStores.open(settings)) {
                RoomName general = RoomName.of("general");
                stores.messages()
                        .append(new NewMessage(
                                general, new Username("ana"), new ClientId("c1"), MessageText.of("before"), T0));
                assertThat(stores.isReady()).isTrue();

                own.kill();

                long started = System.nanoTime();
                assertThatThrownBy(() -> stores.messages()
                                .append(new NewMessage(
                                        general,
                                        new Username("ana"),
                                        new ClientId("c2"),
                                        MessageText.of("during"),
                                        T0)))
                        .isInstanceOf(SdkClientException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));

                long next = System.nanoTime();
                assertThatThrownBy(() -> stores.messages()
                                .append(new NewMessage(
                                        general,
                                        new Username("bob"),
                                        new ClientId("b1"),
                                        MessageText.of("also during"),
                                        T0)))
                        .isInstanceOf(SdkClientException.class);
                assertThat(stores.isReady()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - next))
                        .as("once DynamoDB was seen down, calls fail at once instead of holding a worker")
                        .isLessThan(Duration.ofMillis(500));
            }
        }
    }
}
