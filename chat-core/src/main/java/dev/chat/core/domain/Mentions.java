package dev.chat.core.domain;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a text calls by name: {@code @ana} names ana (ASCII letters folded, as usernames are), wherever it stands but
 * inside a word or an address ({@code ana@example.com} names nobody) or in code ({@code `@ana`}, fenced blocks);
 * {@code @room} names everyone in the room (a user called "room" cannot be called by name).
 */
public record Mentions(Set<Username> users, boolean room) {

    public static final Mentions NONE = new Mentions(Set.of(), false);

    private static final String ROOM = "room";
    private static final Pattern NAME =
            Pattern.compile("(?<![\\p{L}\\p{N}_.@/-])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])");
    private static final Pattern FENCED = Pattern.compile("(?s)```.*?(```|$)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");

    public Mentions {
        users = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(users));
    }

    public static Mentions in(MessageText text) {
        String plain = INLINE_CODE
                .matcher(FENCED.matcher(text.value()).replaceAll(" "))
                .replaceAll(" ");
        Set<Username> users = new LinkedHashSet<>();
        boolean room = false;
        Matcher m = NAME.matcher(plain);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (name.equals(ROOM)) {
                room = true;
                continue;
            }
            try {
                users.add(new Username(name));
            } catch (ChatException notAName) {
                // "@---" and the like: nobody.
            }
        }
        return users.isEmpty() && !room ? NONE : new Mentions(users, room);
    }
}
