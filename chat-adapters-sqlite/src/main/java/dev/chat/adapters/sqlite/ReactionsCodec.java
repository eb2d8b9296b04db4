package dev.chat.adapters.sqlite;

import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.Username;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message's reactions as the text of its {@code reactions} column, one line per emoji in the order they were
 * first used: the emoji, a space, then who reacted with it in the order they did, separated by commas
 * ({@code "👍 ana,bob\n❤️ carol"}). Neither an {@link Emoji} (emoji code points and their joiners, selectors,
 * keycaps and tags) nor a {@link Username} ({@code [a-z0-9_-]}) can hold a space, a comma or a newline, so the
 * text reads back unambiguously. No reactions is SQL NULL.
 */
final class ReactionsCodec {

    private ReactionsCodec() {}

    /** The column's value: null when there are none. */
    static String encode(Reactions reactions) {
        if (reactions.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        reactions.byEmoji().forEach((emoji, users) -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(emoji.value()).append(' ');
            for (int i = 0; i < users.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(users.get(i).value());
            }
        });
        return text.toString();
    }

    /** The reactions {@link #encode} wrote (null: none). */
    static Reactions decode(String text) {
        if (text == null || text.isEmpty()) {
            return Reactions.NONE;
        }
        Map<Emoji, List<Username>> byEmoji = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("Not a line of reactions: " + line);
            }
            List<Username> users = new ArrayList<>();
            for (String user : line.substring(space + 1).split(",", -1)) {
                users.add(new Username(user));
            }
            byEmoji.put(new Emoji(line.substring(0, space)), users);
        }
        return new Reactions(byEmoji);
    }
}
