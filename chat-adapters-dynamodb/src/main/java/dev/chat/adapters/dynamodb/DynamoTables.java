package dev.chat.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The tables and their key schema, in one place: names, keys, indexes and creation. The item classes map to
 * these keys; the contract tests run them against tables created from here. The deploy templates must declare the same (a test compares them).
 */
public final class DynamoTables {

    public static final String ACCOUNTS = "accounts";
    public static final String SESSIONS = "sessions";
    public static final String ROOMS = "rooms";
    public static final String MEMBERS = "members";
    public static final String MESSAGES = "messages";
    public static final String MENTIONS = "mentions";
    public static final String TOKENS = "tokens";
    public static final String WEBHOOKS = "webhooks";
    public static final String WEBHOOK_LOG = "webhook_log";

    /** Every table's name without prefix, in creation order. */
    public static final List<String> NAMES =
            List.of(ACCOUNTS, SESSIONS, ROOMS, MEMBERS, MESSAGES, MENTIONS, TOKENS, WEBHOOKS, WEBHOOK_LOG);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoTables.class);

    private final DynamoDbClient client;
    private final String prefix;
    final DynamoDbTable<AccountItem> accounts;
    final DynamoDbTable<SessionItem> sessions;
    final DynamoDbTable<RoomItem> rooms;
    final DynamoDbTable<MemberItem> members;
    final DynamoDbTable<MessageItem> messages;
    final DynamoDbTable<MentionItem> mentions;
    final DynamoDbTable<TokenItem> tokens;
    final DynamoDbTable<WebhookItem> webhooks;
    final DynamoDbTable<WebhookLogItem> webhookLog;
    /** For batch writes, which the tables do not offer themselves. */
    final DynamoDbEnhancedClient enhanced;

    DynamoTables(DynamoDbClient client, String prefix) {
        this.client = client;
        this.prefix = prefix;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        this.accounts = enhanced.table(prefix + ACCOUNTS, AccountItem.SCHEMA);
        this.sessions = enhanced.table(prefix + SESSIONS, SessionItem.SCHEMA);
        this.rooms = enhanced.table(prefix + ROOMS, RoomItem.SCHEMA);
        this.members = enhanced.table(prefix + MEMBERS, MemberItem.SCHEMA);
        this.messages = enhanced.table(prefix + MESSAGES, MessageItem.SCHEMA);
        this.mentions = enhanced.table(prefix + MENTIONS, MentionItem.SCHEMA);
        this.tokens = enhanced.table(prefix + TOKENS, TokenItem.SCHEMA);
        this.webhooks = enhanced.table(prefix + WEBHOOKS, WebhookItem.SCHEMA);
        this.webhookLog = enhanced.table(prefix + WEBHOOK_LOG, WebhookLogItem.SCHEMA);
    }

    /** The full name of a table, prefix included. */
    public String name(String table) {
        return prefix + table;
    }

    /**
     * The request that creates the table, on-demand. This is the key schema the item classes map to, and
     * what CloudFormation must declare too.
     */
    public static CreateTableRequest createRequest(String prefix, String table) {
        CreateTableRequest.Builder request =
                CreateTableRequest.builder().tableName(prefix + table).billingMode(BillingMode.PAY_PER_REQUEST);
        switch (table) {
            case ACCOUNTS:
                return request.keySchema(hash(AccountItem.KEY))
                        .attributeDefinitions(string(AccountItem.KEY))
                        .build();
            case SESSIONS:
                return request.keySchema(hash(SessionItem.KEY))
                        .attributeDefinitions(string(SessionItem.KEY))
                        .build();
            case ROOMS:
                return request.keySchema(hash(RoomItem.KEY))
                        .attributeDefinitions(string(RoomItem.KEY), string(RoomItem.KIND))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName(RoomItem.BY_KIND)
                                .keySchema(hash(RoomItem.KIND), range(RoomItem.KEY))
                                .projection(all())
                                .build())
                        .build();
            case MEMBERS:
                return request.keySchema(hash(MemberItem.ROOM), range(MemberItem.USER))
                        .attributeDefinitions(string(MemberItem.ROOM), string(MemberItem.USER))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName(MemberItem.BY_USER)
                                .keySchema(hash(MemberItem.USER), range(MemberItem.ROOM))
                                .projection(all())
                                .build())
                        .build();
            case MESSAGES:
                return request.keySchema(hash(MessageItem.ROOM), range(MessageItem.ID))
                        .attributeDefinitions(
                                string(MessageItem.ROOM), number(MessageItem.ID), string(MessageItem.CLIENT_KEY))
                        .localSecondaryIndexes(LocalSecondaryIndex.builder()
                                .indexName(MessageItem.BY_CLIENT_KEY)
                                .keySchema(hash(MessageItem.ROOM), range(MessageItem.CLIENT_KEY))
                                .projection(Projection.builder()
                                        .projectionType(ProjectionType.KEYS_ONLY)
                                        .build())
                                .build())
                        .build();
            case MENTIONS:
                return request.keySchema(hash(MentionItem.USER), range(MentionItem.KEY))
                        .attributeDefinitions(string(MentionItem.USER), string(MentionItem.KEY), string(MentionItem.AT))
                        .localSecondaryIndexes(LocalSecondaryIndex.builder()
                                .indexName(MentionItem.BY_TIME)
                                .keySchema(hash(MentionItem.USER), range(MentionItem.AT))
                                .projection(all())
                                .build())
                        .build();
            case TOKENS:
                return request.keySchema(hash(TokenItem.KEY))
                        .attributeDefinitions(string(TokenItem.KEY))
                        .build();
            case WEBHOOKS:
                return request.keySchema(hash(WebhookItem.KEY))
                        .attributeDefinitions(string(WebhookItem.KEY))
                        .build();
            case WEBHOOK_LOG:
                return request.keySchema(hash(WebhookLogItem.WEBHOOK), range(WebhookLogItem.SEQ))
                        .attributeDefinitions(string(WebhookLogItem.WEBHOOK), number(WebhookLogItem.SEQ))
                        .build();
            default:
                throw new IllegalArgumentException("No table " + table);
        }
    }

    private static Projection all() {
        return Projection.builder().projectionType(ProjectionType.ALL).build();
    }

    private static KeySchemaElement hash(String attribute) {
        return KeySchemaElement.builder()
                .attributeName(attribute)
                .keyType(KeyType.HASH)
                .build();
    }

    private static KeySchemaElement range(String attribute) {
        return KeySchemaElement.builder()
                .attributeName(attribute)
                .keyType(KeyType.RANGE)
                .build();
    }

    private static AttributeDefinition string(String attribute) {
        return AttributeDefinition.builder()
                .attributeName(attribute)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static AttributeDefinition number(String attribute) {
        return AttributeDefinition.builder()
                .attributeName(attribute)
                .attributeType(ScalarAttributeType.N)
                .build();
    }

    /** The attribute DynamoDB's time to live purges by, for the tables that have one. */
    public static Optional<String> ttlAttribute(String table) {
        return switch (table) {
            case SESSIONS -> Optional.of(SessionItem.TTL_ATTRIBUTE);
            case MENTIONS -> Optional.of(MentionItem.EXPIRES);
            default -> Optional.empty();
        };
    }

    /**
     * Creates the tables that do not exist; returns the names it created. A table an earlier version created
     * without a global index it now needs is left as it is ({@link #missing()} names the index): dynalite cannot
     * add an index to a table, and in AWS the deploy templates own the tables.
     */
    List<String> createMissing() {
        List<String> created = new ArrayList<>();
        for (String table : NAMES) {
            if (exists(table)) {
                continue;
            }
            boolean mine = true;
            try {
                client.createTable(createRequest(prefix, table));
                created.add(name(table));
            } catch (ResourceInUseException anotherNodeWasFaster) {
                mine = false;
            }
            awaitActive(table);
            if (!mine) {
                continue;
            }
            ttlAttribute(table).ifPresent(attribute -> enableTtl(table, attribute));
        }
        return created;
    }

    /** Polls briefly rather than with the SDK waiter's 20 s steps: a new on-demand table is ready in moments. */
    private void awaitActive(String table) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!active(table)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Table " + name(table) + " did not become active within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating " + name(table), e);
            }
        }
    }

    /** Whether the table and every index of it are active. */
    private boolean active(String table) {
        var description = client.describeTable(b -> b.tableName(name(table))).table();
        return description.tableStatus() == TableStatus.ACTIVE
                && description.globalSecondaryIndexes().stream()
                        .allMatch(i -> i.indexStatus() == null || i.indexStatus() == IndexStatus.ACTIVE);
    }

    /** The tables (and global indexes, as {@code table/index}) that should exist and do not. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String table : NAMES) {
            if (!exists(table)) {
                missing.add(name(table));
            } else {
                missingIndexes(table).forEach(index -> missing.add(name(table) + "/" + index.indexName()));
            }
        }
        return missing;
    }

    /** The global indexes the table should have and has not (nor is creating). */
    private List<GlobalSecondaryIndex> missingIndexes(String table) {
        List<String> present =
                client.describeTable(b -> b.tableName(name(table))).table().globalSecondaryIndexes().stream()
                        .map(i -> i.indexName())
                        .toList();
        return createRequest(prefix, table).globalSecondaryIndexes().stream()
                .filter(index -> !present.contains(index.indexName()))
                .toList();
    }

    private boolean exists(String table) {
        try {
            client.describeTable(b -> b.tableName(name(table)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * Servers without time to live (dynalite) refuse this; sessions then expire on read only, as they must anyway, and
     * old mentions stay.
     */
    private void enableTtl(String table, String attribute) {
        try {
            client.updateTimeToLive(b -> b.tableName(name(table))
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .attributeName(attribute)
                            .enabled(true)
                            .build()));
        } catch (RuntimeException unsupported) {
            LOG.info(
                    "Time to live not enabled on {} ({}); expired sessions stay until deleted",
                    name(table),
                    unsupported.getMessage());
        }
    }
}
