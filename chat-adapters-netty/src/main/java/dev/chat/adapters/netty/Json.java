package dev.chat.adapters.netty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Rooms;

/** The one JSON configuration of the adapter: strict limits on what a client can make the parser do. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxStringLength(256 * 1024)
                    .maxNumberLength(32)
                    .build())
            .build());

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a JSON object, or says in one sentence why it is not one. */
    static ObjectNode parseObject(String text) throws ProtocolException {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("bad_request", "Malformed JSON.", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProtocolException("bad_request", "Expected a JSON object.", null);
        }
        return object;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a tree", e);
        }
    }

    /**
     * A message object (docs/protocol.md): {@code seq} always; {@code edited}, {@code replyTo} and {@code reactions}
     * when it has them, each reaction saying whether {@code viewer} reacted so ({@code me}); {@code "bot": true} when a
     * bot wrote it and {@code via} when a webhook's request named itself, only then.
     */
    static ObjectNode message(Message m, Username viewer) {
        ObjectNode node = object();
        node.put("room", m.room().value());
        node.put("id", m.id());
        node.put("user", m.author().value());
        node.put("text", m.text().value());
        node.put("ts", m.ts().toString());
        node.put("clientId", m.clientId().value());
        node.put("seq", m.seq());
        if (m.edited() != null) {
            node.put("edited", m.edited().toString());
        }
        if (m.replyTo() != null) {
            node.put("replyTo", m.replyTo());
        }
        if (!m.reactions().isEmpty()) {
            node.set("reactions", reactions(m.reactions(), viewer, false));
        }
        if (m.bot()) {
            node.put("bot", true);
        }
        if (m.via() != null) {
            node.put("via", m.via());
        }
        return node;
    }

    /** {@code [{"emoji": "👍", "count": 2, "me": true}]}, with {@code users} (who reacted, in order) when asked. */
    static ArrayNode reactions(Reactions reactions, Username viewer, boolean withUsers) {
        ArrayNode list = MAPPER.createArrayNode();
        reactions.byEmoji().forEach((emoji, users) -> {
            ObjectNode r = list.addObject()
                    .put("emoji", emoji.value())
                    .put("count", users.size())
                    .put("me", users.contains(viewer));
            if (withUsers) {
                ArrayNode who = r.putArray("users");
                users.forEach(u -> who.add(u.value()));
            }
        });
        return list;
    }

    /** {@code {"room", "unread", "mentions", "readUpTo"}}: how far the caller has read a room. */
    static ObjectNode readState(ReadState state) {
        return object().put("room", state.room().value())
                .put("unread", state.unread())
                .put("mentions", state.mentions())
                .put("readUpTo", state.readUpTo());
    }

    /** A room name as the server stores it ("General" → "general"), or as sent when it is no valid name. */
    static String roomName(String raw) {
        try {
            return RoomName.of(raw).value();
        } catch (ChatException e) {
            return raw;
        }
    }

    /**
     * A room as the caller sees it (docs/protocol.md, "Rooms"): {@code name}, {@code topic}, {@code online}, {@code
     * kind}, {@code joined}, {@code role} when the caller is a member, and {@code members} for a direct room.
     */
    static ObjectNode room(Rooms.RoomSummary summary) {
        ObjectNode node = object().put("name", summary.room().name().value())
                .put("topic", summary.room().topic().value())
                .put("online", summary.online())
                .put("kind", summary.room().kind().wire())
                .put("joined", summary.joined());
        summary.role().ifPresent(role -> node.put("role", role.wire()));
        summary.read()
                .ifPresent(read -> node.put("unread", read.unread())
                        .put("mentions", read.mentions())
                        .put("readUpTo", read.readUpTo()));
        if (summary.room().kind() == RoomKind.DIRECT) {
            ArrayNode people = node.putArray("members");
            summary.members().forEach(user -> people.add(user.value()));
        }
        return node;
    }
}
