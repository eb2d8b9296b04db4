package dev.chat.adapters.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Brings a message item up to the state a change item carries: one conditional {@code UpdateItem} of the state's
 * attributes ({@code text}, {@code deleted}, {@code edited}, {@code reactions}, {@code seq}), made only where the
 * message exists and its {@code seq} is below the change's position. So it is idempotent, any number of writers
 * may make it for one change, and a message's state never goes back to an older one. Author, clientId, time,
 * replyTo, the index key and the writer token do not change and are left alone.
 */
final class Materializer {

    private static final String CONDITION = "attribute_exists(#id) AND (attribute_not_exists(#seq) OR #seq < :seq)";

    private final DynamoDbClient client;
    private final String table;

    Materializer(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /**
     * Makes the update: true when this call made it, false when the message already had this change or a later
     * one, or is not there (its room was deleted or moved meanwhile). Store errors propagate.
     */
    boolean materialize(MessageItem change) {
        Update update = new Update();
        update.names.put("#id", MessageItem.ID);
        update.attribute(MessageItem.SEQ, AttributeValue.fromN(Long.toString(change.getId())));
        update.attribute(MessageItem.TEXT, change.getText() == null ? null : AttributeValue.fromS(change.getText()));
        update.attribute(MessageItem.DELETED, change.isDeleted() ? AttributeValue.fromBool(true) : null);
        update.attribute(
                MessageItem.EDITED, change.getEdited() == null ? null : AttributeValue.fromS(change.getEdited()));
        update.attribute(
                MessageItem.REACTIONS,
                change.getReactions() == null
                        ? null
                        : ReactionsAttribute.INSTANCE.transformFrom(change.getReactions()));
        try {
            client.updateItem(b -> b.tableName(table)
                    .key(Map.of(
                            MessageItem.ROOM,
                            AttributeValue.fromS(change.getRoom()),
                            MessageItem.ID,
                            AttributeValue.fromN(Long.toString(change.messageId()))))
                    .updateExpression(update.expression())
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(update.names)
                    .expressionAttributeValues(update.values));
            return true;
        } catch (ConditionalCheckFailedException alreadyThereOrGone) {
            return false;
        }
    }

    /** An update expression that sets each attribute given a value and removes each given none. */
    private static final class Update {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        private final List<String> set = new ArrayList<>();
        private final List<String> remove = new ArrayList<>();

        void attribute(String name, AttributeValue value) {
            names.put("#" + name, name);
            if (value == null) {
                remove.add("#" + name);
            } else {
                values.put(":" + name, value);
                set.add("#" + name + " = :" + name);
            }
        }

        String expression() {
            return "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        }
    }
}
