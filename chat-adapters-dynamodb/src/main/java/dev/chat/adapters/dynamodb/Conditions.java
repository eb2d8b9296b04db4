package dev.chat.adapters.dynamodb;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The condition expressions the stores write with; attribute names go through placeholders (some are reserved words). */
final class Conditions {

    private Conditions() {}

    /** True only where no item with this key exists yet. */
    static Expression absent(String keyAttribute) {
        return Expression.builder()
                .expression("attribute_not_exists(#key)")
                .putExpressionName("#key", keyAttribute)
                .build();
    }

    /** True only where an item with this key exists. */
    static Expression present(String keyAttribute) {
        return Expression.builder()
                .expression("attribute_exists(#key)")
                .putExpressionName("#key", keyAttribute)
                .build();
    }

    /** Makes the conditional write: true when it was made, false when its condition did not hold. */
    static boolean met(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }
}
