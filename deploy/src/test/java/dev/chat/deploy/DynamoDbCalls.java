package dev.chat.deploy;

import dev.chat.adapters.dynamodb.DynamoSettings;
import dev.chat.adapters.dynamodb.DynamoStores;
import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.core.port.out.WebhookStore;
import dev.chat.testsupport.Dynalite;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB API actions the adapter really makes, and on which table or index, recorded from its requests
 * while every store operation runs against the test server: what the task role must allow, no more.
 */
final class DynamoDbCalls {

    /** One action on one table (its name without the prefix), or on one of its indexes ({@code index} not null). */
    record Call(String action, String table, String index) {}

    private static Set<Call> recorded;

    private DynamoDbCalls() {}

    /** The actions made, e.g. {@code dynamodb:Query}. */
    static Set<String> recorded() {
        return calls().stream().map(Call::action).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every action with the table or index it was made on; recorded once per test run. */
    static synchronized Set<Call> calls() {
        if (recorded == null) {
            recorded = record();
        }
        return recorded;
    }

    private static Set<Call> record() {
        URI endpoint = Dynalite.shared();
        String prefix = Dynalite.uniquePrefix();
        DynamoSettings settings =
                DynamoSettings.defaults().withEndpoint(endpoint).withTablePrefix(prefix);
        try (DynamoDbClient setup = client(endpoint, null)) {
            // Opening with creation makes the tables, as CloudFormation would have.
            DynamoStores.open(setup, settings.withCreateTables(true)).close();
        }
        Set<Call> calls = new HashSet<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                String type = request.getClass().getSimpleName();
                String action = "dynamodb:" + type.substring(0, type.length() - "Request".length());
                String index =
                        request.getValueForField("IndexName", String.class).orElse(null);
                List<String> tables = request.getValueForField("TableName", String.class)
                        .map(List::of)
                        .or(() -> request.getValueForField("RequestItems", Map.class)
                                .map(items -> ((Map<?, ?>) items)
                                        .keySet().stream().map(String::valueOf).toList()))
                        .orElseThrow(() -> new AssertionError(type + " names no table"));
                tables.forEach(table -> calls.add(new Call(action, table.substring(prefix.length()), index)));
            }
        };
        try (DynamoDbClient client = client(endpoint, recorder);
                DynamoStores stores = DynamoStores.open(client, settings)) {
            Instant now = Instant.parse("2030-01-01T00:00:00Z");
            Username ana = new Username("ana");
            RoomName general = new RoomName("general");
            RoomName lobby = new RoomName("lobby");
            stores.accounts().create(new Account(ana, "hash", now));
            stores.accounts().create(new Account(ana, "hash", now));
            stores.accounts().find(ana);
            stores.sessions().save(new Session("t", ana, false, now, now));
            stores.sessions().find("t");
            stores.sessions().touch("t", now.plusSeconds(60));
            stores.sessions().delete("t");
            stores.sessions().save(new Session("t2", ana, false, now, now));
            stores.sessions().deleteAllOf(ana);
            stores.sessions().purgeIdle(now.plusSeconds(3600), 10);
            stores.tokens().save(new AccessToken("t1", ana, "bot", "th", now, null, null, Set.of(general), true));
            stores.tokens().find("th");
            stores.tokens().touch("th", now.plusSeconds(60));
            stores.tokens().listOf(ana);
            stores.tokens().delete(ana, "t1");
            stores.tokens().delete(ana, "t1");
            stores.tokens().touch("th", now.plusSeconds(120));
            Webhook hook = new Webhook(
                    "a1a1a1a1a1a1",
                    general,
                    Webhook.Kind.OUTGOING,
                    ana,
                    ana,
                    now,
                    null,
                    "key",
                    URI.create("https://bots.example.com/in"),
                    null,
                    0);
            stores.webhooks().save(hook);
            stores.webhooks().find(hook.id());
            stores.webhooks().listOf(general);
            stores.webhooks().outgoing();
            stores.webhooks().lease(hook.id(), "node-1", now, now.plusSeconds(30));
            stores.webhooks().advance(hook.id(), 0, 1);
            stores.webhooks().release(hook.id(), "node-1");
            for (int i = 0; i <= WebhookStore.LOG_SIZE; i++) {
                stores.webhooks().record(hook.id(), new WebhookAttempt(now, i, 1, 200, null, 5));
            }
            stores.webhooks().log(hook.id());
            stores.webhooks().moveRoom(general, lobby);
            stores.webhooks().delete(lobby, hook.id());
            stores.webhooks().save(hook);
            stores.webhooks().deleteRoom(general);
            stores.webhooks().record(hook.id(), new WebhookAttempt(now, 99, 1, 200, null, 5));
            stores.accounts().list();
            stores.accounts().setBanned(ana, true);
            stores.accounts().setByOperator(ana);
            stores.accounts().setPasswordHash(ana, "new-hash");
            stores.accounts().setPasswordReset(ana, "reset", now.plusSeconds(60));
            stores.accounts().resetPassword(ana, "reset", now, "newer-hash");
            stores.accounts().addRoomCreated(ana, 5);
            stores.accounts().removeRoomCreated(ana);
            stores.rooms().create(new Room(general, null, null, now));
            stores.rooms().create(new Room(new RoomName("secret"), null, "ana", now, RoomKind.PRIVATE));
            stores.rooms().find(general);
            stores.rooms().page(null, 10);
            stores.rooms().setTopic(general, Topic.of("Say hello"));
            stores.rooms().rename(general, lobby);
            stores.rooms().rename(lobby, general);
            stores.rooms().create(new Room(lobby, null, null, now));
            stores.rooms().delete(lobby);
            Member owner = new Member(general, ana, Role.OWNER, now);
            stores.members().add(owner);
            stores.members().add(owner);
            stores.members().find(general, ana);
            stores.members().members(general, null, 10);
            stores.members().roomsOf(ana, null, 10);
            stores.members().setRole(general, ana, Role.MODERATOR);
            stores.members().markRead(general, ana, 1);
            stores.mentions().add(new dev.chat.core.domain.Mention(ana, general, 1, ana, java.time.Instant.now()));
            stores.mentions().recent(ana, 10);
            stores.mentions().remove(ana, general, 1);
            stores.members().moveRoom(general, lobby);
            stores.members().remove(lobby, ana);
            stores.members().add(new Member(lobby, ana, Role.OWNER, now));
            stores.members().removeAll(lobby);
            stores.messages().append(new NewMessage(general, ana, new ClientId("c1"), MessageText.of("hi"), now));
            stores.messages().append(new NewMessage(general, ana, new ClientId("c1"), MessageText.of("hi"), now));
            stores.messages().find(general, ana, new ClientId("c1"));
            stores.messages().after(general, 0, 10);
            stores.messages().append(new NewMessage(general, ana, new ClientId("c2"), MessageText.of("again"), now));
            stores.messages().change(general, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("hi!"), now));
            stores.messages().after(general, 2, 10);
            stores.messages().before(general, Long.MAX_VALUE, 10);
            stores.messages().latestPosition(general);
            stores.messages().delete(general, 1);
            stores.messages().moveRoom(general, lobby);
            stores.messages().deleteRoom(lobby);
            stores.isReady();
        }
        return Set.copyOf(calls);
    }

    private static DynamoDbClient client(URI endpoint, ExecutionInterceptor recorder) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    if (recorder != null) {
                        o.addExecutionInterceptor(recorder);
                    }
                })
                .build();
    }
}
