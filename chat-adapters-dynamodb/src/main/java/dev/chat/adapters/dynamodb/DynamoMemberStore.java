package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Memberships in DynamoDB, one item each (see {@link MemberItem}): a room's members are a strongly consistent
 * {@code Query} of the table, a user's rooms a {@code Query} of the global index {@value MemberItem#BY_USER}, never
 * a scan. DynamoDB keeps that index by itself, so the two directions cannot disagree for long, but a global index
 * is eventually consistent: a membership added or removed a moment ago may be missing from, or still in, a user's
 * room list for that moment (DynamoDB says "usually within a second").
 *
 * <p>{@link #removeAll} and {@link #moveRoom} work 25 memberships at a time with {@code BatchWriteItem}, always
 * from the top of the room again until it is empty, so a member added while they run is removed or moved too.
 * They are not atomic: a failure part-way leaves the room half done (a moved member is then in both rooms, never
 * in neither), and calling again finishes the work, since every write there is an unconditional put or delete.
 */
final class DynamoMemberStore implements MemberStore {

    /** The most items one query page asks for (DynamoDB ends a page at 1 MB anyway). */
    private static final int MAX_PAGE = 1000;

    private final DynamoDbTable<MemberItem> table;
    private final DynamoDbIndex<MemberItem> byUser;
    private final Batches<MemberItem> batches;

    DynamoMemberStore(DynamoDbEnhancedClient client, DynamoDbTable<MemberItem> table) {
        this.table = table;
        this.byUser = table.index(MemberItem.BY_USER);
        this.batches = new Batches<>(client, table, MemberItem.class);
    }

    /**
     * A put on the condition that no item has the key. When the condition fails, the item there may still be this
     * call's own, written by a try whose answer was lost and that the SDK sent again: its writer token says so.
     */
    @Override
    public boolean add(Member member) {
        String writer = UUID.randomUUID().toString();
        try {
            table.putItem(PutItemEnhancedRequest.builder(MemberItem.class)
                    .item(MemberItem.of(member, writer))
                    .conditionExpression(Conditions.absent(MemberItem.ROOM))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            MemberItem there = item(member.room(), member.user());
            return there != null && writer.equals(there.getWriter());
        }
    }

    @Override
    public Optional<Member> find(RoomName room, Username user) {
        return Optional.ofNullable(item(room, user)).map(MemberItem::toMember);
    }

    private MemberItem item(RoomName room, Username user) {
        return table.getItem(GetItemEnhancedRequest.builder()
                .key(key(room.value(), user.value()))
                .consistentRead(true)
                .build());
    }

    @Override
    public List<Member> members(RoomName room, Username after, int limit) {
        QueryConditional from = after(room.value(), after == null ? null : after.value());
        return limit <= 0 ? List.of() : first(table.query(query(from, limit, true)), limit);
    }

    @Override
    public List<Member> roomsOf(Username user, RoomName after, int limit) {
        QueryConditional from = after(user.value(), after == null ? null : after.value());
        // A global index cannot be read strongly consistently.
        return limit <= 0 ? List.of() : first(byUser.query(query(from, limit, false)), limit);
    }

    /** The partition's items after {@code sort} in key order; all of them when it is null. */
    private static QueryConditional after(String partition, String sort) {
        return sort == null
                ? QueryConditional.keyEqualTo(k -> k.partitionValue(partition))
                : QueryConditional.sortGreaterThan(key(partition, sort));
    }

    private static QueryEnhancedRequest query(QueryConditional from, int limit, boolean consistent) {
        return QueryEnhancedRequest.builder()
                .queryConditional(from)
                .consistentRead(consistent)
                .limit(Math.min(limit, MAX_PAGE))
                .build();
    }

    /** The first {@code limit} items of the pages, fetching the next page only while more are wanted. */
    private static List<Member> first(SdkIterable<Page<MemberItem>> pages, int limit) {
        return pages.stream()
                .flatMap(page -> page.items().stream())
                .limit(limit)
                .map(MemberItem::toMember)
                .toList();
    }

    @Override
    public boolean setRole(RoomName room, Username user, Role role) {
        return Conditions.met(() -> table.updateItem(UpdateItemEnhancedRequest.builder(MemberItem.class)
                .item(MemberItem.role(room, user, role))
                .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                .conditionExpression(Conditions.present(MemberItem.ROOM))
                .build()));
    }

    /**
     * One conditional update that only moves the marker forward; when its condition fails, a read tells a member whose
     * marker is ahead already (true) from a user who is not a member (false).
     */
    @Override
    public boolean markRead(RoomName room, Username user, long upTo) {
        boolean moved = Conditions.met(() -> table.updateItem(UpdateItemEnhancedRequest.builder(MemberItem.class)
                .item(MemberItem.readTo(room, user, upTo))
                .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                .conditionExpression(Expression.builder()
                        .expression("attribute_exists(#room) AND (attribute_not_exists(#read) OR #read < :upTo)")
                        .putExpressionName("#room", MemberItem.ROOM)
                        .putExpressionName("#read", MemberItem.READ_UP_TO)
                        .putExpressionValue(":upTo", AttributeValue.fromN(Long.toString(upTo)))
                        .build())
                .build()));
        return moved || find(room, user).isPresent();
    }

    @Override
    public boolean remove(RoomName room, Username user) {
        return Conditions.met(() -> table.deleteItem(DeleteItemEnhancedRequest.builder()
                .key(key(room.value(), user.value()))
                .conditionExpression(Conditions.present(MemberItem.ROOM))
                .build()));
    }

    @Override
    public void removeAll(RoomName room) {
        for (List<MemberItem> page = firstBatch(room); !page.isEmpty(); page = firstBatch(room)) {
            batches.write(List.of(), keys(page));
        }
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        if (from.equals(to)) {
            return;
        }
        for (List<MemberItem> page = firstBatch(from); !page.isEmpty(); page = firstBatch(from)) {
            // Copies first, then deletes: a failure in between leaves a member in both rooms, never in neither.
            batches.write(page.stream().map(m -> m.movedTo(to)).toList(), List.of());
            batches.write(List.of(), keys(page));
        }
    }

    /** Up to one batch of the room's memberships, read strongly consistently. */
    private List<MemberItem> firstBatch(RoomName room) {
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(room.value())))
                        .consistentRead(true)
                        .limit(Batches.MAX_PER_REQUEST)
                        .build())
                .stream()
                .findFirst()
                .map(page -> List.copyOf(page.items()))
                .orElse(List.of());
    }

    private static List<Key> keys(List<MemberItem> items) {
        return items.stream().map(m -> key(m.getRoom(), m.getUsername())).toList();
    }

    private static Key key(String partition, String sort) {
        return Key.builder().partitionValue(partition).sortValue(sort).build();
    }
}
