package dev.chat.deploy;

import dev.chat.adapters.dynamodb.DynamoSettings;
import dev.chat.adapters.dynamodb.DynamoStores;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testsupport.Dynalite;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB API actions the adapter really makes, recorded from its requests while every store operation
 * runs against the test server: what the task role must allow, no more.
 */
final class DynamoDbCalls {

    private DynamoDbCalls() {}

    static Set<String> recorded() {
        URI endpoint = Dynalite.shared();
        DynamoSettings settings =
                DynamoSettings.defaults().withEndpoint(endpoint).withTablePrefix(Dynalite.uniquePrefix());
        try (DynamoDbClient setup = client(endpoint, null)) {
            // Opening with creation makes the tables, as CloudFormation would have.
            DynamoStores.open(setup, settings.withCreateTables(true)).close();
        }
        Set<String> actions = new TreeSet<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String request = context.request().getClass().getSimpleName();
                actions.add("dynamodb:" + request.substring(0, request.length() - "Request".length()));
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
            stores.accounts().list();
            stores.accounts().setBanned(ana, true);
            stores.accounts().setByOperator(ana);
            stores.accounts().setPasswordHash(ana, "new-hash");
            stores.accounts().setPasswordReset(ana, "reset", now.plusSeconds(60));
            stores.accounts().resetPassword(ana, "reset", now, "newer-hash");
            stores.accounts().addRoomCreated(ana, 5);
            stores.accounts().removeRoomCreated(ana);
            stores.rooms().create(new Room(general, null, null, now));
            stores.rooms().find(general);
            stores.rooms().page(null, 10);
            stores.rooms().setTopic(general, Topic.of("Say hello"));
            stores.rooms().rename(general, lobby);
            stores.rooms().rename(lobby, general);
            stores.rooms().create(new Room(lobby, null, null, now));
            stores.rooms().delete(lobby);
            stores.messages().append(new NewMessage(general, ana, new ClientId("c1"), MessageText.of("hi"), now));
            stores.messages().append(new NewMessage(general, ana, new ClientId("c1"), MessageText.of("hi"), now));
            stores.messages().find(general, ana, new ClientId("c1"));
            stores.messages().after(general, 0, 10);
            stores.messages().before(general, Long.MAX_VALUE, 10);
            stores.messages().latestId(general);
            stores.messages().delete(general, 1);
            stores.messages().moveRoom(general, lobby);
            stores.messages().deleteRoom(lobby);
            stores.isReady();
        }
        return actions;
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
