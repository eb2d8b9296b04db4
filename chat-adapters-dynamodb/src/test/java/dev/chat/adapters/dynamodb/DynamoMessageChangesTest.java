package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Changed;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What the DynamoDB message store does about changes beyond the port contract: the items it writes, a change whose
 * message was not brought up to it (a node stopped in between), a change whose answer was lost.
 */
class DynamoMessageChangesTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName LOBBY = new RoomName("lobby");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final Emoji THUMBS_UP = new Emoji("👍");

    private final DynamoSettings settings = TestStores.freshSettings();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private MessageStore node(ExecutionInterceptor... interceptors) {
        DynamoDbClient client = keep(DynamoStores.client(settings, interceptors));
        return keep(DynamoStores.open(client, settings)).messages();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private Map<String, AttributeValue> raw(RoomName room, long position) {
        return keep(DynamoStores.client(settings))
                .getItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.MESSAGES)
                        .key(Map.of(
                                "room",
                                AttributeValue.fromS(room.value()),
                                "id",
                                AttributeValue.fromN(Long.toString(position))))
                        .consistentRead(true))
                .item();
    }

    private static void fill(MessageStore store, int count) {
        for (int i = 1; i <= count; i++) {
            store.append(new NewMessage(
                    GENERAL, ANA, new ClientId("c" + i), MessageText.of("message " + i), T0.plusSeconds(i)));
        }
    }

    private static Optional<Changed> edit(MessageStore store, long id, String text) {
        return store.change(GENERAL, id, ChangeKind.EDITED, m -> m.withText(MessageText.of(text), T0.plusSeconds(60)));
    }

    private static Optional<Changed> react(MessageStore store, long id, Emoji emoji, Username who) {
        return store.change(
                GENERAL,
                id,
                ChangeKind.REACTED,
                m -> m.withReactions(m.reactions().add(emoji, who)));
    }

    /** A node that stops after putting the change at {@code position}, before bringing its message up to it. */
    private static final class StopsBeforeMaterializing implements ExecutionInterceptor {

        private final AttributeValue position;

        StopsBeforeMaterializing(long position) {
            this.position = AttributeValue.fromN(Long.toString(position));
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update
                    && update.tableName().endsWith(DynamoTables.MESSAGES)
                    && position.equals(update.expressionAttributeValues().get(":seq"))) {
                throw DynamoDbException.builder()
                        .message("stopped before materializing")
                        .statusCode(400)
                        .build();
            }
        }
    }

    @Test
    void a_change_is_an_item_of_its_own_with_the_message_s_whole_state_and_outside_the_client_key_index() {
        MessageStore store = node();
        fill(store, 2);
        store.append(new NewMessage(GENERAL, BOB, new ClientId("b1"), MessageText.of("yes"), T0.plusSeconds(5), 1L));

        react(store, 1, THUMBS_UP, BOB); // 4
        edit(store, 1, "one, edited"); // 5

        Map<String, AttributeValue> change = raw(GENERAL, 5);
        assertThat(change.get("change").s()).isEqualTo("EDITED");
        assertThat(change.get("target").n()).isEqualTo("1");
        assertThat(change.get("seq").n()).isEqualTo("5");
        assertThat(change.get("text").s()).isEqualTo("one, edited");
        assertThat(change.get("author").s()).isEqualTo("ana");
        assertThat(change.get("clientId").s()).isEqualTo("c1");
        assertThat(change.get("reactions").l()).hasSize(1);
        assertThat(change.get("roomTs").s())
                .as("the newest message's time")
                .isEqualTo(T0.plusSeconds(5).toString());
        assertThat(change).doesNotContainKey("clientKey");
        Map<String, AttributeValue> message = raw(GENERAL, 1);
        assertThat(message.get("seq").n()).as("brought up to the change").isEqualTo("5");
        assertThat(message.get("text").s()).isEqualTo("one, edited");
        assertThat(message.get("clientKey").s()).isEqualTo("ana c1");
        assertThat(raw(GENERAL, 3).get("replyTo").n()).isEqualTo("1");
        assertThat(store.find(GENERAL, ANA, new ClientId("c1")).map(Message::seq))
                .contains(5L);
    }

    @Test
    void a_change_its_message_was_not_brought_up_to_is_read_exactly_and_the_room_s_next_write_repairs_it() {
        MessageStore stopped = node(new StopsBeforeMaterializing(4));
        MessageStore other = node();
        fill(other, 3);

        Change edited = edit(stopped, 1, "one, edited").orElseThrow().change().orElseThrow(); // 4

        assertThat(edited.seq()).isEqualTo(4);
        assertThat(raw(GENERAL, 1).get("text").s()).as("not brought up to it").isEqualTo("message 1");
        assertThat(other.after(GENERAL, 3, 10)).containsExactly(edited);
        assertThat(other.after(GENERAL, 0, 10)).first().isEqualTo(edited.message());
        assertThat(other.after(GENERAL, 0, 1))
                .as("a page that stops before the change finds it at the head")
                .containsExactly(edited.message());
        assertThat(other.message(GENERAL, 1).map(m -> m.text().value()))
                .as("until the next write, as documented")
                .contains("message 1");

        Change reacted = react(other, 1, THUMBS_UP, BOB).orElseThrow().change().orElseThrow(); // 5

        assertThat(reacted.message().text().value()).as("built on the edit").isEqualTo("one, edited");
        assertThat(reacted.message().reactions().byEmoji()).containsOnlyKeys(THUMBS_UP);
        assertThat(other.message(GENERAL, 1)).contains(reacted.message());
        assertThat(other.after(GENERAL, 3, 10)).containsExactly(reacted);
        assertThat(stopped.append(new NewMessage(GENERAL, BOB, new ClientId("b1"), MessageText.of("hi"), T0))
                        .message()
                        .id())
                .as("the stopped node forgot the head it could not materialize")
                .isEqualTo(6);
    }

    @Test
    void a_page_that_stops_before_the_head_leaves_out_a_change_the_head_supersedes() {
        MessageStore stopped = node(new StopsBeforeMaterializing(5));
        MessageStore other = node();
        fill(other, 3);
        edit(other, 1, "first edit"); // 4, brought up
        Change latest = edit(stopped, 1, "second edit").orElseThrow().change().orElseThrow(); // 5, not

        assertThat(other.after(GENERAL, 3, 1)).containsExactly(latest);
        assertThat(other.after(GENERAL, 3, 10)).containsExactly(latest);
    }

    @Test
    void a_room_is_moved_with_its_messages_brought_up_to_every_change() {
        MessageStore stopped = node(new StopsBeforeMaterializing(3));
        MessageStore other = node();
        fill(other, 2);
        Change edited = edit(stopped, 1, "one, edited").orElseThrow().change().orElseThrow();

        other.moveRoom(GENERAL, LOBBY);

        assertThat(other.message(LOBBY, 1).map(m -> m.text().value())).contains("one, edited");
        assertThat(other.before(LOBBY, 10, 10)).contains(edited.message().inRoom(LOBBY));
        assertThat(other.latestPosition(LOBBY)).isEqualTo(3);
    }

    @Test
    void a_change_made_under_the_old_name_during_a_move_follows_the_room() {
        MessageStore other = node();
        AtomicInteger puts = new AtomicInteger();
        MessageStore mover = node(new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                // Message 10 was read for copying already; the edit reaches only the old room's item.
                if (context.request() instanceof PutItemRequest put
                        && LOBBY.value().equals(put.item().get("room").s())
                        && puts.getAndIncrement() == 0) {
                    edit(other, 10, "ten, edited during the move");
                }
            }
        });
        fill(mover, 30);

        mover.moveRoom(GENERAL, LOBBY);

        assertThat(other.latestPosition(GENERAL)).isZero();
        Message ten = other.message(LOBBY, 10).orElseThrow();
        assertThat(ten.text().value()).isEqualTo("ten, edited during the move");
        assertThat(other.after(LOBBY, 30, 10))
                .as("made again in the new room")
                .containsExactly(new Change(31, ChangeKind.EDITED, ten));
    }

    @Test
    void a_change_whose_answer_was_lost_is_made_once() {
        AtomicInteger lost = new AtomicInteger();
        MessageStore store = node(new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(
                    Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                // The put lands, its answer does not: the SDK sends it again, and the position is taken then.
                if (context.request() instanceof PutItemRequest put
                        && put.item().containsKey("change")
                        && lost.getAndIncrement() == 0) {
                    return context.httpResponse().toBuilder().statusCode(500).build();
                }
                return context.httpResponse();
            }
        });
        fill(store, 1);
        AtomicInteger edits = new AtomicInteger();

        Optional<Changed> changed = store.change(GENERAL, 1, ChangeKind.EDITED, m -> {
            edits.incrementAndGet();
            return m.withText(MessageText.of("edited once"), T0);
        });

        assertThat(lost).as("puts of the change").hasValue(2);
        assertThat(edits).hasValue(1);
        assertThat(changed.flatMap(Changed::change).map(Change::seq)).contains(2L);
        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(store.message(GENERAL, 1).map(Message::seq)).contains(2L);
    }
}
