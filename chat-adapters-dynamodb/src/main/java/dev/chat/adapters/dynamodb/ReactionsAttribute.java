package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.Username;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A message's reactions as one attribute: a list (DynamoDB keeps a list's order, not a map's) of
 * {@code {emoji: S, users: [S, …]}}, emoji in the order they were first used, users in the order they reacted.
 */
final class ReactionsAttribute implements AttributeConverter<Reactions> {

    static final ReactionsAttribute INSTANCE = new ReactionsAttribute();

    private static final String EMOJI = "emoji";
    private static final String USERS = "users";

    private ReactionsAttribute() {}

    @Override
    public AttributeValue transformFrom(Reactions reactions) {
        return AttributeValue.fromL(reactions.byEmoji().entrySet().stream()
                .map(e -> AttributeValue.fromM(Map.of(
                        EMOJI,
                        AttributeValue.fromS(e.getKey().value()),
                        USERS,
                        AttributeValue.fromL(e.getValue().stream()
                                .map(user -> AttributeValue.fromS(user.value()))
                                .toList()))))
                .toList());
    }

    @Override
    public Reactions transformTo(AttributeValue value) {
        Map<Emoji, List<Username>> byEmoji = new LinkedHashMap<>();
        for (AttributeValue one : value.l()) {
            Map<String, AttributeValue> reaction = one.m();
            byEmoji.put(
                    new Emoji(reaction.get(EMOJI).s()),
                    reaction.get(USERS).l().stream()
                            .map(user -> new Username(user.s()))
                            .toList());
        }
        return new Reactions(byEmoji);
    }

    @Override
    public EnhancedType<Reactions> type() {
        return EnhancedType.of(Reactions.class);
    }

    @Override
    public AttributeValueType attributeValueType() {
        return AttributeValueType.L;
    }
}
