package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MentionStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.StoreSet;
import dev.chat.core.port.out.TokenStore;
import dev.chat.core.port.out.WebhookStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The eight stores on DynamoDB, sharing one client. {@link #open(DynamoSettings)} checks at start that the
 * tables exist (or creates them when asked), so a misconfigured deployment fails at once with the table's
 * name rather than at a user's first message.
 */
public final class DynamoStores implements StoreSet, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamoStores.class);
    /** A key no username can be: the readiness probe reads it and never finds anything. */
    private static final Key PROBE =
            Key.builder().partitionValue("~readiness-probe").build();

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final DynamoTables tables;
    private final DynamoAccountStore accounts;
    private final DynamoSessionStore sessions;
    private final DynamoTokenStore tokens;
    private final DynamoWebhookStore webhooks;
    private final DynamoRoomStore rooms;
    private final DynamoMemberStore members;
    private final DynamoMentionStore mentions;
    private final DynamoMessageStore messages;

    private DynamoStores(DynamoDbClient client, boolean ownsClient, DynamoSettings settings) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.tables = new DynamoTables(client, settings.tablePrefix());
        this.accounts = new DynamoAccountStore(client, tables.accounts);
        this.sessions = new DynamoSessionStore(tables.enhanced, tables.sessions, settings.sessionIdle());
        this.tokens = new DynamoTokenStore(tables.tokens);
        this.webhooks = new DynamoWebhookStore(client, tables.enhanced, tables.webhooks, tables.webhookLog);
        this.rooms = new DynamoRoomStore(client, tables.rooms);
        this.members = new DynamoMemberStore(tables.enhanced, tables.members);
        this.messages = new DynamoMessageStore(client, tables.enhanced, tables.messages, settings.callTimeout());
        this.mentions = new DynamoMentionStore(tables.mentions);
    }

    /** Connects as configured, creates missing tables if asked, and fails unless every table exists. */
    public static DynamoStores open(DynamoSettings settings) {
        DynamoDbClient client = client(settings);
        try {
            return open(client, true, settings);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Uses the caller's client, which stays the caller's to close. */
    public static DynamoStores open(DynamoDbClient client, DynamoSettings settings) {
        return open(client, false, settings);
    }

    private static DynamoStores open(DynamoDbClient client, boolean ownsClient, DynamoSettings settings) {
        DynamoStores stores = new DynamoStores(client, ownsClient, settings);
        if (settings.createTables()) {
            List<String> created = stores.tables.createMissing();
            if (!created.isEmpty()) {
                log.info("Created DynamoDB tables {}", created);
            }
        }
        List<String> missing = stores.tables.missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("DynamoDB tables " + missing + " do not exist (a name with '/' is an "
                    + "index of a table). Create them (deploy's resources.yml) or start with "
                    + "CHAT_DYNAMODB_CREATE_TABLES=true for local use; a local table of an earlier version that lacks "
                    + "an index must be deleted first.");
        }
        int listed = stores.rooms.backfillKinds();
        if (listed > 0) {
            log.info("Gave {} rooms stored by an earlier version their kind, so that listings show them", listed);
        }
        return stores;
    }

    /**
     * A synchronous client on the JDK's HTTP connection: every store call runs on the core's worker pool,
     * never on an event loop. The SDK retries throttling and transient faults with backoff; past the call
     * timeout the call fails and the core answers {@code not_stored}.
     */
    static DynamoDbClient client(DynamoSettings settings, ExecutionInterceptor... interceptors) {
        Duration timeout = settings.callTimeout();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(timeout)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout.dividedBy(2))
                        // Three attempts with backoff, not DynamoDB's default nine: a message waits at most seconds.
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .build())
                        .executionInterceptors(interceptors(settings, interceptors))
                        .build());
        settings.endpoint().ifPresent(endpoint -> local(builder, endpoint));
        return builder.build();
    }

    private static List<ExecutionInterceptor> interceptors(DynamoSettings settings, ExecutionInterceptor... extra) {
        List<ExecutionInterceptor> all = new ArrayList<>(List.of(extra));
        all.add(new FailFast(settings.endpoint().map(URI::toString).orElse("AWS")));
        return all;
    }

    /**
     * A local server: the environment's region and credentials if it names any, else {@code us-east-1} and
     * dummy keys (a local server accepts any). The instance metadata service is not asked, so start-up does
     * not wait on a network that is not there.
     */
    private static void local(DynamoDbClientBuilder builder, URI endpoint) {
        String region = firstSet(
                System.getProperty("aws.region"), System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(
                        EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create(),
                        ProfileCredentialsProvider.create(),
                        ContainerCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        builder.endpointOverride(endpoint)
                .region(Region.of(region == null ? "us-east-1" : region))
                .credentialsProvider(credentials);
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    public WebhookStore webhooks() {
        return webhooks;
    }

    public RoomStore rooms() {
        return rooms;
    }

    public MemberStore members() {
        return members;
    }

    @Override
    public MentionStore mentions() {
        return mentions;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    /** One cheap strongly consistent read: true when DynamoDB answers. */
    @Override
    public boolean isReady() {
        try {
            tables.accounts.getItem(r -> r.key(PROBE).consistentRead(true));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
