package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A room as the server describes it to one user ({@code GET /api/rooms}, {@code POST /api/dms}, the
 * {@code room_added} frame): its name, topic and online count, its kind ({@code public}, {@code private} or
 * {@code direct}; a room's kind never changes), whether the user is a member and in which role ({@code owner},
 * {@code moderator}, {@code member}; null when not a member), for a direct room the people in it, and the user's
 * read state there: {@code unread} messages of others after {@code readUpTo}, {@code mentions} among them (all 0
 * where the server keeps none: for guests, for rooms the user is not a member of, and in {@code room_added}).
 */
public record RoomInfo(
        String name,
        String topic,
        int online,
        String kind,
        boolean joined,
        String role,
        List<String> members,
        int unread,
        int mentions,
        long readUpTo) {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";
    public static final String DIRECT = "direct";

    public RoomInfo {
        members = List.copyOf(members);
    }

    /** A room without read state (nothing unread, nothing read). */
    public RoomInfo(
            String name, String topic, int online, String kind, boolean joined, String role, List<String> members) {
        this(name, topic, online, kind, joined, role, members, 0, 0, 0);
    }

    /** Reads the protocol's room object, tolerating fields it does not know (and a server without kinds: public). */
    public static RoomInfo from(JsonNode node) {
        List<String> members = new ArrayList<>();
        node.path("members").forEach(m -> members.add(m.asText()));
        String role = node.path("role").asText("");
        return new RoomInfo(
                node.path("name").asText(),
                node.path("topic").asText(""),
                node.path("online").asInt(0),
                node.path("kind").asText(PUBLIC),
                node.path("joined").asBoolean(false),
                role.isEmpty() ? null : role,
                members,
                node.path("unread").asInt(0),
                node.path("mentions").asInt(0),
                node.path("readUpTo").asLong(0));
    }

    public boolean isDirect() {
        return DIRECT.equals(kind);
    }

    /** The people of a direct room other than {@code me}, as a person would name the conversation. */
    public List<String> others(String me) {
        return members.stream().filter(m -> !m.equals(me)).toList();
    }

    /** The user's read state of this room, as {@link ChatListener#readState} reports its changes. */
    public ReadState readState() {
        return new ReadState(name, unread, mentions, readUpTo);
    }
}
