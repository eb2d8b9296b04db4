package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A room as the server describes it to one user ({@code GET /api/rooms}, {@code POST /api/dms}, the
 * {@code room_added} frame): its name, topic and online count, its kind ({@code public}, {@code private} or
 * {@code direct}; a room's kind never changes), whether the user is a member and in which role ({@code owner},
 * {@code moderator}, {@code member}; null when not a member), and for a direct room the people in it.
 */
public record RoomInfo(
        String name, String topic, int online, String kind, boolean joined, String role, List<String> members) {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";
    public static final String DIRECT = "direct";

    public RoomInfo {
        members = List.copyOf(members);
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
                members);
    }

    public boolean isDirect() {
        return DIRECT.equals(kind);
    }

    /** The people of a direct room other than {@code me}, as a person would name the conversation. */
    public List<String> others(String me) {
        return members.stream().filter(m -> !m.equals(me)).toList();
    }
}
