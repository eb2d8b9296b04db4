package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What the listings and the message history cost in DynamoDB: the requests they make and the items those read, not
 * only what they return.
 */
class DynamoQueriesTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private final DynamoSettings settings = TestStores.freshSettings();
    private final Recorder recorder = new Recorder();
    private final DynamoDbClient client = DynamoStores.client(settings, recorder);
    private final DynamoStores stores = DynamoStores.open(client, settings);

    @AfterEach
    void close() {
        stores.close();
        client.close();
    }

    @Test
    void a_users_rooms_are_one_query_of_the_user_index_and_never_a_scan() {
        Username ana = new Username("ana");
        for (String room : new String[] {"zeta", "alpha", "dm-1", "mid"}) {
            stores.members().add(new Member(new RoomName(room), ana, Role.MEMBER, T0));
        }
        stores.members().add(new Member(new RoomName("beta"), new Username("bob"), Role.OWNER, T0));
        recorder.clear();

        List<Member> rooms = stores.members().roomsOf(ana, null, 10);

        assertThat(rooms).extracting(m -> m.room().value()).containsExactly("alpha", "dm-1", "mid", "zeta");
        assertThat(recorder.requests)
                .singleElement()
                .isInstanceOfSatisfying(
                        QueryRequest.class,
                        query -> assertThat(query.indexName()).isEqualTo(MemberItem.BY_USER));
        assertThat(recorder.itemsRead()).as("items DynamoDB read for it").isEqualTo(4);
    }

    @Test
    void the_directory_reads_no_private_or_direct_room() {
        stores.rooms().create(new Room(new RoomName("alpha"), Topic.NONE, "ana", T0));
        for (int i = 0; i < 20; i++) {
            RoomKind kind = i % 2 == 0 ? RoomKind.PRIVATE : RoomKind.DIRECT;
            stores.rooms().create(new Room(new RoomName("hidden-" + i), Topic.NONE, "ana", T0, kind));
        }
        stores.rooms().create(new Room(new RoomName("zeta"), Topic.NONE, "ana", T0));
        recorder.clear();

        List<Room> page = stores.rooms().page(null, 10);

        assertThat(page).extracting(r -> r.name().value()).containsExactly("alpha", "zeta");
        assertThat(recorder.requests).singleElement().isInstanceOf(QueryRequest.class);
        assertThat(recorder.itemsRead()).as("items DynamoDB read for it").isEqualTo(2);
    }

    @Test
    void a_change_is_a_read_a_put_and_an_update_and_the_next_append_repairs_nothing() {
        MessageStore messages = stores.messages();
        RoomName general = new RoomName("general");
        for (int i = 1; i <= 3; i++) {
            messages.append(post(general, "c" + i));
        }
        recorder.clear();

        messages.change(general, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("edited"), T0));

        assertThat(recorder.requests)
                .extracting(r -> r.getClass().getSimpleName())
                .containsExactly("GetItemRequest", "PutItemRequest", "UpdateItemRequest");
        recorder.clear();

        messages.append(post(general, "c4"));

        assertThat(recorder.requests)
                .as("this node brought its own change in: no head to read or repair")
                .extracting(r -> r.getClass().getSimpleName())
                .containsExactly("QueryRequest", "PutItemRequest");
    }

    @Test
    void a_history_page_reads_the_messages_of_its_changes_in_one_batch_and_nothing_else_without_them() {
        MessageStore messages = stores.messages();
        RoomName general = new RoomName("general");
        for (int i = 1; i <= 5; i++) {
            messages.append(post(general, "c" + i));
        }
        messages.change(general, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("one"), T0)); // 6
        messages.change(general, 2, ChangeKind.EDITED, m -> m.withText(MessageText.of("two"), T0)); // 7
        messages.change(general, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("one again"), T0)); // 8
        recorder.clear();

        List<Entry> changes = messages.after(general, 5, 10);

        assertThat(changes).extracting(Entry::position).containsExactly(7L, 8L);
        assertThat(recorder.requests)
                .extracting(r -> r.getClass().getSimpleName())
                .containsExactly("QueryRequest", "BatchGetItemRequest");
        assertThat(((BatchGetItemRequest) recorder.requests.get(1))
                        .requestItems()
                        .values()
                        .iterator()
                        .next()
                        .keys())
                .as("messages 1 and 2, once each")
                .hasSize(2);
        recorder.clear();

        assertThat(messages.after(general, 0, 10)).hasSize(5);
        assertThat(recorder.requests).singleElement().isInstanceOf(QueryRequest.class);
        assertThat(recorder.itemsRead()).isEqualTo(8);
    }

    private static NewMessage post(RoomName room, String clientId) {
        return new NewMessage(room, new Username("ana"), new ClientId(clientId), MessageText.of(clientId), T0);
    }

    /** Every request the client makes, and how many items DynamoDB read for its queries. */
    private static final class Recorder implements ExecutionInterceptor {

        final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
        private final List<Integer> scanned = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.add(context.request());
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse response) {
                scanned.add(response.scannedCount());
            }
        }

        int itemsRead() {
            return scanned.stream().mapToInt(Integer::intValue).sum();
        }

        void clear() {
            requests.clear();
            scanned.clear();
        }
    }
}
