package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the DynamoDB stores do for admins beyond the port contracts: tombstones as stored, rooms (and their
 * members) larger than one batch, throttled batches, appends racing a move, interrupted renames and member moves,
 * other nodes' caches, rooms stored by earlier versions.
 */
class DynamoAdminWritesTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName LOBBY = new RoomName("lobby");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    private final DynamoSettings settings = TestStores.freshSettings();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private DynamoStores node(ExecutionInterceptor... interceptors) {
        DynamoDbClient client = keep(DynamoStores.client(settings, interceptors));
        return keep(DynamoStores.open(client, settings));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private Map<String, AttributeValue> rawMessage(RoomName room, long id) {
        DynamoDbClient client = keep(DynamoStores.client(settings));
        return client.getItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.MESSAGES)
                        .key(Map.of(
                                "room",
                                AttributeValue.fromS(room.value()),
                                "id",
                                AttributeValue.fromN(Long.toString(id))))
                        .consistentRead(true))
                .item();
    }

    private static NewMessage post(RoomName room, Username author, String clientId, String text, Instant ts) {
        return new NewMessage(room, author, new ClientId(clientId), MessageText.of(text), ts);
    }

    private static void fill(MessageStore store, RoomName room, int count) {
        for (int i = 1; i <= count; i++) {
            store.append(post(room, ANA, "c" + i, "message " + i, T0.plusSeconds(i)));
        }
    }

    /** {@link MessageStore#after} where only messages are expected (a change there fails the test). */
    private static List<Message> messagesAfter(MessageStore store, RoomName room, long afterPosition) {
        return store.after(room, afterPosition, 100).stream()
                .map(e -> {
                    if (e instanceof Message m) {
                        return m;
                    }
                    throw new AssertionError("expected only messages, found " + e);
                })
                .collect(Collectors.toList());
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void a_deleted_message_s_text_is_gone_from_the_table_and_its_keys_remain() {
        MessageStore messages = node().messages();
        fill(messages, GENERAL, 2);

        messages.delete(GENERAL, 1);

        Map<String, AttributeValue> tombstone = rawMessage(GENERAL, 1);
        assertThat(tombstone).doesNotContainKey("text");
        assertThat(tombstone.get("deleted").bool()).isTrue();
        assertThat(tombstone.get("clientKey").s()).isEqualTo("ana c1");
        assertThat(tombstone.get("ts").s()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(rawMessage(GENERAL, 2).get("text").s()).isEqualTo("message 2");
    }

    @Test
    void rooms_larger_than_a_batch_are_moved_and_deleted_whole() {
        MessageStore messages = node().messages();
        fill(messages, GENERAL, 60);
        for (long id = 20; id < 30; id++) {
            messages.delete(GENERAL, id);
        }

        messages.moveRoom(GENERAL, LOBBY);

        MessageStore otherNode = node().messages();
        assertThat(otherNode.after(GENERAL, 0, 100)).isEmpty();
        List<Long> live = new ArrayList<>(range(1, 19));
        live.addAll(range(30, 60));
        assertThat(ids(messagesAfter(otherNode, LOBBY, 0))).isEqualTo(live);
        assertThat(otherNode.latestPosition(LOBBY))
                .as("the ten deletions' positions")
                .isEqualTo(70);
        assertThat(otherNode.append(post(LOBBY, ANA, "c25", "message 25", T0)).deleted())
                .isTrue();
        assertThat(rawMessage(LOBBY, 25)).doesNotContainKey("text");

        otherNode.deleteRoom(LOBBY);

        assertThat(messages.latestPosition(LOBBY)).isZero();
        assertThat(rawMessage(LOBBY, 25)).isEmpty();
        assertThat(rawMessage(LOBBY, 60)).isEmpty();
        assertThat(messages.append(post(LOBBY, BOB, "b1", "fresh start", T0))
                        .message()
                        .id())
                .isEqualTo(1);
    }

    @Test
    void writes_dynamodb_leaves_unprocessed_are_sent_again() {
        ThrottleFirstBatches throttle = new ThrottleFirstBatches(3);
        MessageStore messages = node(throttle).messages();
        fill(messages, GENERAL, 40);

        messages.moveRoom(GENERAL, LOBBY);

        assertThat(throttle.dropped)
                .as("writes held back and reported unprocessed")
                .hasValueGreaterThan(10);
        assertThat(ids(messagesAfter(messages, LOBBY, 0))).isEqualTo(range(1, 40));
        assertThat(messages.after(GENERAL, 0, 100)).isEmpty();

        messages.deleteRoom(LOBBY);

        assertThat(messages.after(LOBBY, 0, 100)).isEmpty();
    }

    @Test
    void an_append_to_the_new_name_during_a_move_is_numbered_after_every_moved_message() {
        MessageStore otherNode = node().messages();
        AtomicInteger puts = new AtomicInteger();
        List<Appended> during = new ArrayList<>();
        MessageStore mover = node(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof PutItemRequest put
                                && "lobby".equals(put.item().get("room").s())
                                && puts.getAndIncrement() == 0) {
                            during.add(otherNode.append(post(LOBBY, BOB, "b1", "already here", T0.plusSeconds(100))));
                        }
                    }
                })
                .messages();
        fill(mover, GENERAL, 30);

        mover.moveRoom(GENERAL, LOBBY);

        assertThat(during).extracting(a -> a.message().id()).containsExactly(31L);
        List<Message> lobby = messagesAfter(mover, LOBBY, 0);
        assertThat(ids(lobby)).isEqualTo(range(1, 31));
        assertThat(lobby.get(0).text().value()).isEqualTo("message 1");
        assertThat(lobby.get(29).text().value()).isEqualTo("message 30");
        assertThat(lobby.get(30).text().value()).isEqualTo("already here");
    }

    @Test
    void a_message_stored_under_the_old_name_during_a_move_follows_the_room_once() {
        MessageStore otherNode = node().messages();
        AtomicInteger puts = new AtomicInteger();
        MessageStore mover = node(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof PutItemRequest put
                                && "lobby".equals(put.item().get("room").s())
                                && puts.getAndIncrement() == 0) {
                            otherNode.append(
                                    post(GENERAL, BOB, "late", "sent as the room was renamed", T0.plusSeconds(100)));
                        }
                    }
                })
                .messages();
        fill(mover, GENERAL, 30);

        mover.moveRoom(GENERAL, LOBBY);

        assertThat(otherNode.latestPosition(GENERAL)).isZero();
        List<Message> lobby = messagesAfter(otherNode, LOBBY, 0);
        assertThat(ids(lobby)).isEqualTo(range(1, 31));
        assertThat(lobby.get(30).text().value()).isEqualTo("sent as the room was renamed");
        assertThat(otherNode
                        .append(post(LOBBY, BOB, "late", "sent as the room was renamed", T0))
                        .duplicate())
                .isTrue();
    }

    @Test
    void a_rename_cut_off_before_deleting_the_old_name_is_finished_by_calling_it_again() {
        DynamoStores node = node(cutOffFirst(request -> request instanceof DeleteItemRequest delete
                && delete.tableName().endsWith("rooms")));
        node.rooms().create(new Room(GENERAL, Topic.of("Say hello"), "ana", T0));

        assertThatThrownBy(() -> node.rooms().rename(GENERAL, LOBBY)).hasMessageContaining("cut off");
        assertThat(node.rooms().find(GENERAL)).as("not lost").isPresent();

        assertThat(node.rooms().rename(GENERAL, LOBBY)).isTrue();
        assertThat(node.rooms().page(null, 100)).containsExactly(new Room(LOBBY, Topic.of("Say hello"), "ana", T0));
    }

    @Test
    void a_room_is_not_renamed_onto_one_that_merely_looks_the_same() {
        DynamoStores node = node();
        node.rooms().create(new Room(GENERAL, Topic.NONE, "", T0));
        node.rooms().create(new Room(LOBBY, Topic.NONE, "", T0));

        assertThat(node.rooms().rename(GENERAL, LOBBY)).isFalse();

        assertThat(node.rooms().page(null, 100))
                .extracting(r -> r.name().value())
                .containsExactly("general", "lobby");
    }

    @Test
    void a_room_emptied_by_another_node_is_numbered_from_one_here_once_the_remembered_head_is_stale() {
        DynamoDbClient client = keep(DynamoStores.client(settings));
        DynamoStores.open(client, settings);
        DynamoTables tables = new DynamoTables(client, settings.tablePrefix());
        MessageStore here = new DynamoMessageStore(
                client, tables.enhanced, tables.messages, Duration.ofSeconds(5), Duration.ofMillis(300));
        fill(here, GENERAL, 3);

        node().messages().deleteRoom(GENERAL);
        sleep(400);

        assertThat(here.append(post(GENERAL, BOB, "b1", "new room, same name", T0))
                        .message()
                        .id())
                .isEqualTo(1);
    }

    @Test
    void a_ban_deletes_every_session_of_the_user_however_many() {
        DynamoStores node = node();
        for (int i = 0; i < 30; i++) {
            node.sessions().save(new Session("ana-" + i, ANA, false, T0, T0));
        }
        node.sessions().save(new Session("bob-1", BOB, false, T0, T0));

        assertThat(node.sessions().deleteAllOf(ANA)).hasSize(30);

        assertThat(node.sessions().find("ana-29")).isEmpty();
        assertThat(node.sessions().find("bob-1")).isPresent();
    }

    @Test
    void an_account_stored_before_bans_existed_is_not_banned_and_can_be() {
        DynamoStores node = node();
        keep(DynamoStores.client(settings))
                .putItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.ACCOUNTS)
                        .item(Map.of(
                                "username",
                                AttributeValue.fromS("ana"),
                                "passwordHash",
                                AttributeValue.fromS("old-hash"),
                                "createdAt",
                                AttributeValue.fromS(T0.toString()))));

        assertThat(node.accounts().find(ANA)).contains(new Account(ANA, "old-hash", T0, false, false));
        assertThat(node.accounts().setBanned(ANA, true)).isTrue();
        assertThat(node.accounts().find(ANA)).contains(new Account(ANA, "old-hash", T0, true, false));
        assertThat(node.accounts().addRoomCreated(ANA, 1))
                .as("no count stored yet is none")
                .isTrue();
        assertThat(node.accounts().addRoomCreated(ANA, 1)).isFalse();
    }

    @Test
    void a_room_stored_before_the_listing_index_existed_is_listed_once_a_node_starts() {
        DynamoStores node = node();
        keep(DynamoStores.client(settings))
                .putItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.ROOMS)
                        .item(Map.of(
                                "name",
                                AttributeValue.fromS("old-room"),
                                "createdAt",
                                AttributeValue.fromS(T0.toString()))));
        assertThat(node.rooms().page(null, 10)).as("not in the index yet").isEmpty();

        DynamoStores restarted = node();

        assertThat(restarted.rooms().page(null, 10))
                .extracting(r -> r.name().value())
                .containsExactly("old-room");
    }

    @Test
    void rooms_stored_by_earlier_versions_read_as_public_and_stay_listed() {
        DynamoStores node = node();
        DynamoDbClient raw = keep(DynamoStores.client(settings));
        // As the code before room kinds wrote a room: kind "public", the listing index's key.
        raw.putItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.ROOMS)
                .item(Map.of(
                        "name", AttributeValue.fromS("today"),
                        "kind", AttributeValue.fromS("public"),
                        "topic", AttributeValue.fromS("as it was"),
                        "createdBy", AttributeValue.fromS("ana"),
                        "createdAt", AttributeValue.fromS(T0.toString()))));
        // As the code before the listing index wrote one: no kind at all.
        raw.putItem(b -> b.tableName(settings.tablePrefix() + DynamoTables.ROOMS)
                .item(Map.of("name", AttributeValue.fromS("older"), "createdAt", AttributeValue.fromS(T0.toString()))));
        node.rooms().create(new Room(new RoomName("secret"), Topic.NONE, "ana", T0, RoomKind.PRIVATE));

        assertThat(node.rooms().find(new RoomName("today")))
                .contains(new Room(new RoomName("today"), Topic.of("as it was"), "ana", T0, RoomKind.PUBLIC));
        assertThat(node.rooms().find(new RoomName("older")).map(Room::kind)).contains(RoomKind.PUBLIC);

        DynamoStores restarted = node();

        assertThat(restarted.rooms().page(null, 10))
                .extracting(r -> r.name().value())
                .containsExactly("older", "today");
        assertThat(restarted.rooms().find(new RoomName("secret")).map(Room::kind))
                .as("the start's backfill gives only kindless rooms a kind")
                .contains(RoomKind.PRIVATE);
    }

    private static List<Member> members(MemberStore store, RoomName room, int count) {
        List<Member> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Member member = new Member(
                    room, new Username("user-%02d".formatted(i)), i == 0 ? Role.OWNER : Role.MEMBER, T0.plusSeconds(i));
            store.add(member);
            added.add(member);
        }
        return added;
    }

    private static List<Member> renamed(List<Member> members, RoomName room) {
        return members.stream()
                .map(m -> new Member(room, m.user(), m.role(), m.since()))
                .toList();
    }

    @Test
    void a_room_with_more_members_than_a_batch_is_moved_and_emptied_whole_even_when_throttled() {
        ThrottleFirstBatches throttle = new ThrottleFirstBatches(3);
        MemberStore store = node(throttle).members();
        List<Member> added = members(store, GENERAL, 60);
        store.add(new Member(new RoomName("elsewhere"), ANA, Role.MEMBER, T0));

        store.moveRoom(GENERAL, LOBBY);

        assertThat(throttle.dropped)
                .as("writes held back and reported unprocessed")
                .hasValueGreaterThan(10);
        MemberStore otherNode = node().members();
        assertThat(otherNode.members(GENERAL, null, 100)).isEmpty();
        assertThat(otherNode.members(LOBBY, null, 100)).isEqualTo(renamed(added, LOBBY));
        assertThat(otherNode.roomsOf(new Username("user-59"), null, 10))
                .extracting(Member::room)
                .containsExactly(LOBBY);

        otherNode.removeAll(LOBBY);

        assertThat(store.members(LOBBY, null, 100)).isEmpty();
        assertThat(store.roomsOf(new Username("user-00"), null, 10)).isEmpty();
        assertThat(store.roomsOf(ANA, null, 10))
                .extracting(m -> m.room().value())
                .containsExactly("elsewhere");
    }

    @Test
    void a_member_move_cut_off_before_its_deletes_leaves_everyone_in_the_new_room_and_is_finished_by_calling_again() {
        MemberStore store = node(cutOffFirst(request -> request instanceof BatchWriteItemRequest batch
                        && batch.requestItems().values().stream()
                                .flatMap(List::stream)
                                .anyMatch(w -> w.deleteRequest() != null)))
                .members();
        List<Member> added = members(store, GENERAL, 30);

        assertThatThrownBy(() -> store.moveRoom(GENERAL, LOBBY)).hasMessageContaining("cut off");
        assertThat(store.members(LOBBY, null, 100))
                .as("copied before anything was deleted")
                .containsAll(renamed(added.subList(0, Batches.MAX_PER_REQUEST), LOBBY));
        assertThat(store.members(GENERAL, null, 100)).as("not lost").isEqualTo(added);

        store.moveRoom(GENERAL, LOBBY);

        assertThat(store.members(GENERAL, null, 100)).isEmpty();
        assertThat(store.members(LOBBY, null, 100)).isEqualTo(renamed(added, LOBBY));
    }

    /** Fails the first request that matches before it is sent, as a process stopped at that point would leave it. */
    private static ExecutionInterceptor cutOffFirst(Predicate<SdkRequest> matches) {
        AtomicInteger seen = new AtomicInteger();
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (matches.test(context.request()) && seen.getAndIncrement() == 0) {
                    throw DynamoDbException.builder()
                            .message("cut off")
                            .statusCode(400)
                            .build();
                }
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Plays DynamoDB under throttling: of the first few batch writes, the second half of each request is
     * not sent, and the answer reports it unprocessed, as DynamoDB does.
     */
    private static final class ThrottleFirstBatches implements ExecutionInterceptor {

        private static final ExecutionAttribute<Map<String, List<WriteRequest>>> HELD_BACK =
                new ExecutionAttribute<>("test.heldBack");

        private final AtomicInteger remaining;
        final AtomicInteger dropped = new AtomicInteger();

        ThrottleFirstBatches(int batches) {
            this.remaining = new AtomicInteger(batches);
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof BatchWriteItemRequest batch) || remaining.getAndDecrement() <= 0) {
                return context.request();
            }
            Map<String, List<WriteRequest>> sent = new java.util.HashMap<>();
            Map<String, List<WriteRequest>> held = new java.util.HashMap<>();
            batch.requestItems().forEach((table, writes) -> {
                int half = writes.size() / 2;
                sent.put(table, writes.subList(0, writes.size() - half));
                if (half > 0) {
                    held.put(table, writes.subList(writes.size() - half, writes.size()));
                    dropped.addAndGet(half);
                }
            });
            attributes.putAttribute(HELD_BACK, held);
            return batch.toBuilder().requestItems(sent).build();
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            Map<String, List<WriteRequest>> held = attributes.getAttribute(HELD_BACK);
            if (held == null || held.isEmpty()) {
                return context.response();
            }
            return ((BatchWriteItemResponse) context.response())
                    .toBuilder().unprocessedItems(held).build();
        }
    }
}
