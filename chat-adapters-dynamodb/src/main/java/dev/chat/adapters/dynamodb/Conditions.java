package dev.chat.adapters.dynamodb;

import software.amazon.awssdk.enhanced.dynamodb.Expression;

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
}
