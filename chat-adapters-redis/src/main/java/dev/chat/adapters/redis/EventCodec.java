package dev.chat.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events as they travel through Redis: one small JSON object each, written and read field by field (never
 * by reflection, so a record cannot silently lose a field), with the publishing node's id so a node can
 * skip its own events, which it has already delivered locally.
 *
 * <pre>{"o":"node-id","t":"message","room":"general","id":7,"author":"ana","text":"hi","ts":"…","clientId":"c1"}
 * {"o":"node-id","t":"changed","seq":9,"kind":"edited","message":{"room":"general","id":7,…,"seq":9,"edited":"…",
 *   "replyTo":3,"reactions":[{"e":"👍","u":["ana","bob"]}]}}   (a message's optional fields: seq, edited, replyTo,
 *   reactions, deleted: true, bot: true and via, when it has them)
 * {"o":"node-id","t":"presence","room":"general","user":"ana","online":true}
 * {"o":"node-id","t":"typing","room":"general","user":"ana","stop":false}
 * {"o":"node-id","t":"closed","room":"general","renamedTo":"lobby"}   (no "renamedTo": deleted)
 * {"o":"node-id","t":"revoked","session":"…"}
 * {"o":"node-id","t":"banned","user":"bob"}
 * {"o":"node-id","t":"member-removed","room":"team","user":"bob"}
 * {"o":"node-id","t":"member-added","room":"team","user":"bob"}
 * {"o":"node-id","t":"mentioned","user":"bob","message":{…as above…}}
 * {"o":"node-id","t":"read","user":"bob","room":"general","readUpTo":57,"unread":0,"mentions":0}
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
            json.put("t", "message");
            writeMessage(json, posted.message());
        } else if (event instanceof ChatEvent.MessageChanged changed) {
            Change c = changed.change();
            json.put("t", "changed")
                    .put("seq", c.seq())
                    .put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            writeMessage(json.putObject("message"), c.message());
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
        } else if (event instanceof ChatEvent.Mentioned m) {
            json.put("t", "mentioned").put("user", m.user().value());
            writeMessage(json.putObject("message"), m.message());
        } else if (event instanceof ChatEvent.ReadMoved r) {
            ReadState state = r.state();
            json.put("t", "read")
                    .put("user", r.user().value())
                    .put("room", state.room().value())
                    .put("readUpTo", state.readUpTo())
                    .put("unread", state.unread())
                    .put("mentions", state.mentions());
        } else if (event instanceof ChatEvent.MemberAdded a) {
            json.put("t", "member-added")
                    .put("room", a.room().value())
                    .put("user", a.user().value());
        } else if (event instanceof ChatEvent.RoomListed l) {
            json.put("t", "listed")
                    .put("room", l.room().value())
                    .put("about", l.about().value());
        } else if (event instanceof ChatEvent.RoomUnlisted u) {
            json.put("t", "unlisted").put("room", u.room().value());
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
            case "message" -> new ChatEvent.MessagePosted(readMessage(json));
            case "changed" ->
                new ChatEvent.MessageChanged(new Change(
                        number(json, "seq"),
                        ChangeKind.valueOf(text(json, "kind").toUpperCase(Locale.ROOT)),
                        readMessage(object(json, "message"))));
            case "presence" ->
                new ChatEvent.PresenceChanged(room(json), new Username(text(json, "user")), bool(json, "online"));
            case "typing" -> new ChatEvent.Typing(room(json), new Username(text(json, "user")), bool(json, "stop"));
            case "closed" ->
                new ChatEvent.RoomClosed(
                        room(json), json.hasNonNull("renamedTo") ? new RoomName(text(json, "renamedTo")) : null);
            case "revoked" -> new ChatEvent.SessionRevoked(text(json, "session"));
            case "banned" -> new ChatEvent.UserBanned(new Username(text(json, "user")));
            case "member-removed" -> new ChatEvent.MemberRemoved(room(json), new Username(text(json, "user")));
            case "mentioned" ->
                new ChatEvent.Mentioned(new Username(text(json, "user")), readMessage(object(json, "message")));
            case "read" ->
                new ChatEvent.ReadMoved(
                        new Username(text(json, "user")),
                        new ReadState(room(json), number(json, "readUpTo"), (int) number(json, "unread"), (int)
                                number(json, "mentions")));
            case "member-added" -> new ChatEvent.MemberAdded(room(json), new Username(text(json, "user")));
            case "listed" -> new ChatEvent.RoomListed(room(json), new Topic(text(json, "about")));
            case "unlisted" -> new ChatEvent.RoomUnlisted(room(json));
            case "resync" -> null;
            default -> throw new IllegalArgumentException("Unknown event type '" + type + "'");
        };
        return new Envelope(origin, event);
    }

    private static void writeMessage(ObjectNode json, Message m) {
        json.put("room", m.room().value())
                .put("id", m.id())
                .put("author", m.author().value())
                .put("text", m.text().value())
                .put("ts", m.ts().toString())
                .put("clientId", m.clientId().value());
        if (m.seq() != m.id()) {
            json.put("seq", m.seq());
        }
        if (m.isDeleted()) {
            json.put("deleted", true);
        }
        if (m.edited() != null) {
            json.put("edited", m.edited().toString());
        }
        if (m.replyTo() != null) {
            json.put("replyTo", m.replyTo());
        }
        if (!m.reactions().isEmpty()) {
            ArrayNode reactions = json.putArray("reactions");
            m.reactions().byEmoji().forEach((emoji, users) -> {
                ArrayNode who = reactions.addObject().put("e", emoji.value()).putArray("u");
                users.forEach(u -> who.add(u.value()));
            });
        }
        if (m.bot()) {
            json.put("bot", true);
        }
        if (m.via() != null) {
            json.put("via", m.via());
        }
    }

    private static Message readMessage(JsonNode json) {
        long id = number(json, "id");
        Map<Emoji, List<Username>> reactions = new LinkedHashMap<>();
        JsonNode list = json.get("reactions");
        if (list != null) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("'reactions' must be an array");
            }
            for (JsonNode r : list) {
                List<Username> users = new ArrayList<>();
                JsonNode who = r.get("u");
                if (who == null || !who.isArray()) {
                    throw new IllegalArgumentException("'u' must be an array");
                }
                who.forEach(u -> users.add(new Username(u.asText())));
                reactions.put(new Emoji(text(r, "e")), users);
            }
        }
        return new Message(
                room(json),
                id,
                new Username(text(json, "author")),
                json.path("deleted").asBoolean(false) ? MessageText.DELETED : new MessageText(text(json, "text")),
                Instant.parse(text(json, "ts")),
                new ClientId(text(json, "clientId")),
                json.has("seq") ? number(json, "seq") : id,
                json.hasNonNull("edited") ? Instant.parse(text(json, "edited")) : null,
                json.hasNonNull("replyTo") ? number(json, "replyTo") : null,
                new Reactions(reactions),
                json.path("bot").asBoolean(false),
                json.hasNonNull("via") ? text(json, "via") : null);
    }

    private static JsonNode object(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object");
        }
        return value;
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
