package dev.chat.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;

/**
 * Events as they travel through Redis: one small JSON object each, written and read field by field (never
 * by reflection, so a record cannot silently lose a field), with the publishing node's id so a node can
 * skip its own events, which it has already delivered locally.
 *
 * <pre>{"o":"node-id","t":"message","room":"general","id":7,"author":"ana","text":"hi","ts":"…","clientId":"c1"}
 * {"o":"node-id","t":"presence","room":"general","user":"ana","online":true}
 * {"o":"node-id","t":"typing","room":"general","user":"ana","stop":false}
 * {"o":"node-id","t":"deleted","room":"general","id":7}
 * {"o":"node-id","t":"closed","room":"general","renamedTo":"lobby"}   (no "renamedTo": deleted)
 * {"o":"node-id","t":"revoked","session":"…"}
 * {"o":"node-id","t":"banned","user":"bob"}
 * {"o":"node-id","t":"member-removed","room":"team","user":"bob"}
 * {"o":"node-id","t":"member-added","room":"team","user":"bob"}
 * {"o":"node-id","t":"resync"}</pre>
 *
 * The last is not a chat event: a node that could not publish for a while sends it so the others read
 * what they missed from the store.
 */
final class EventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {}

    /** What arrived on a channel: a chat event, or a request to resynchronise from the store. */
    record Envelope(String origin, ChatEvent event) {

        boolean isResync() {
            return event == null;
        }
    }

    static String encode(String origin, ChatEvent event) {
        ObjectNode json = JSON.createObjectNode().put("o", origin);
        if (event instanceof ChatEvent.MessagePosted posted) {
            Message m = posted.message();
            json.put("t", "message")
                    .put("room", m.room().value())
                    .put("id", m.id())
                    .put("author", m.author().value())
                    .put("text", m.text().value())
                    .put("ts", m.ts().toString())
                    .put("clientId", m.clientId().value());
        } else if (event instanceof ChatEvent.PresenceChanged p) {
            json.put("t", "presence")
                    .put("room", p.room().value())
                    .put("user", p.user().value())
                    .put("online", p.online());
        } else if (event instanceof ChatEvent.Typing t) {
            json.put("t", "typing")
                    .put("room", t.room().value())
                    .put("user", t.user().value())
                    .put("stop", t.stop());
        } else if (event instanceof ChatEvent.MessageDeleted d) {
            json.put("t", "deleted").put("room", d.room().value()).put("id", d.id());
        } else if (event instanceof ChatEvent.RoomClosed c) {
            json.put("t", "closed").put("room", c.room().value());
            if (c.renamedTo() != null) {
                json.put("renamedTo", c.renamedTo().value());
            }
        } else if (event instanceof ChatEvent.SessionRevoked r) {
            json.put("t", "revoked").put("session", r.sessionId());
        } else if (event instanceof ChatEvent.UserBanned b) {
            json.put("t", "banned").put("user", b.user().value());
        } else if (event instanceof ChatEvent.MemberRemoved r) {
            json.put("t", "member-removed")
                    .put("room", r.room().value())
                    .put("user", r.user().value());
        } else if (event instanceof ChatEvent.MemberAdded a) {
            json.put("t", "member-added")
                    .put("room", a.room().value())
                    .put("user", a.user().value());
        } else {
            throw new IllegalArgumentException(
                    "No wire form for " + event.getClass().getName());
        }
        return json.toString();
    }

    static String encodeResync(String origin) {
        return JSON.createObjectNode().put("o", origin).put("t", "resync").toString();
    }

    /** Reads one payload; anything malformed (another program on the channel, say) is an exception. */
    static Envelope decode(String payload) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("Not a JSON object");
        }
        String origin = text(json, "o");
        String type = text(json, "t");
        ChatEvent event = switch (type) {
            case "message" ->
                new ChatEvent.MessagePosted(new Message(
                        room(json),
                        number(json, "id"),
                        new Username(text(json, "author")),
                        new MessageText(text(json, "text")),
                        Instant.parse(text(json, "ts")),
                        new ClientId(text(json, "clientId"))));
            case "presence" ->
                new ChatEvent.PresenceChanged(room(json), new Username(text(json, "user")), bool(json, "online"));
            case "typing" -> new ChatEvent.Typing(room(json), new Username(text(json, "user")), bool(json, "stop"));
            case "deleted" -> new ChatEvent.MessageDeleted(room(json), number(json, "id"));
            case "closed" ->
                new ChatEvent.RoomClosed(
                        room(json), json.hasNonNull("renamedTo") ? new RoomName(text(json, "renamedTo")) : null);
            case "revoked" -> new ChatEvent.SessionRevoked(text(json, "session"));
            case "banned" -> new ChatEvent.UserBanned(new Username(text(json, "user")));
            case "member-removed" -> new ChatEvent.MemberRemoved(room(json), new Username(text(json, "user")));
            case "member-added" -> new ChatEvent.MemberAdded(room(json), new Username(text(json, "user")));
            case "resync" -> null;
            default -> throw new IllegalArgumentException("Unknown event type '" + type + "'");
        };
        return new Envelope(origin, event);
    }

    private static RoomName room(JsonNode json) {
        return new RoomName(text(json, "room"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }
}
