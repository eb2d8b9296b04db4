package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.testsupport.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One room as a client written from docs/protocol.md alone shows it ("Delivery guarantees", "Writing a client"):
 * messages by id in the newest state given (a state applies only when its {@code seq} is larger than the one held),
 * deleted ones removed, and the client's position — the largest message {@code id} and change {@code seq} received.
 */
final class ProtocolView {

    private final Map<Long, ObjectNode> shown = new TreeMap<>();
    private final List<String> applied = new ArrayList<>();
    private long position;

    /** Applies one server frame; frames of other types are ignored, as the protocol says. */
    void apply(JsonNode frame) {
        String type = frame.path("type").asText();
        switch (type) {
            case "message" -> {
                position = Math.max(position, frame.get("id").asLong());
                show(frame.get("id").asLong(), frame.get("seq").asLong(), (ObjectNode) frame.deepCopy());
            }
            case "edited", "reactions", "deleted" -> {
                long id = frame.get("id").asLong();
                long seq = frame.get("seq").asLong();
                position = Math.max(position, seq);
                applied.add(type + " " + id + "@" + seq);
                ObjectNode held = shown.get(id);
                if (held == null || held.get("seq").asLong() >= seq) {
                    return;
                }
                if (type.equals("deleted")) {
                    shown.remove(id);
                    return;
                }
                // An edited or reactions frame carries the message's whole state after the change.
                ObjectNode next = held.deepCopy();
                next.put("seq", seq);
                next.put("text", frame.get("text").asText());
                if (frame.has("edited")) {
                    next.put("edited", frame.get("edited").asText());
                }
                if (frame.get("reactions").isEmpty()) {
                    next.remove("reactions");
                } else {
                    next.set("reactions", frame.get("reactions"));
                }
                shown.put(id, next);
            }
            default -> {}
        }
    }

    void applyAll(List<JsonNode> frames) {
        frames.forEach(this::apply);
    }

    /**
     * Discards what is shown and shows the messages of a history read instead (oldest first), as a client does after a
     * {@code gap}; the position moves to their largest id.
     */
    void reload(List<JsonNode> oldestFirst) {
        shown.clear();
        for (JsonNode message : oldestFirst) {
            long id = message.get("id").asLong();
            position = Math.max(position, id);
            show(id, message.get("seq").asLong(), (ObjectNode) message.deepCopy());
        }
    }

    /** The state shown of message {@code id} (seq included), or null when it is not shown. */
    JsonNode shown(long id) {
        return shown.get(id);
    }

    /** The ids shown, oldest first. */
    List<Long> ids() {
        return List.copyOf(shown.keySet());
    }

    /** What is shown, by id, as comparable text (see {@link #canonical}). */
    Map<Long, String> byId() {
        Map<Long, String> byId = new TreeMap<>();
        shown.forEach((id, state) -> byId.put(id, canonical(state)));
        return byId;
    }

    private void show(long id, long seq, ObjectNode state) {
        ObjectNode held = shown.get(id);
        if (held == null || held.get("seq").asLong() < seq) {
            state.remove("type");
            shown.put(id, state);
        }
    }

    long position() {
        return position;
    }

    /** The changes applied, as "kind id@seq", in the order they came. */
    List<String> changesReceived() {
        return applied;
    }

    /** What is shown, oldest first, as comparable text. */
    List<String> messages() {
        return shown.values().stream().map(ProtocolView::canonical).toList();
    }

    /** What the store holds now, read page by page over HTTP as {@code token} sees it, oldest first. */
    static List<String> ofStore(Api api, String token, String room) {
        List<JsonNode> newestFirst = new ArrayList<>();
        String before = "";
        while (true) {
            Api.Response page = api.get("/api/rooms/" + room + "/messages?limit=100" + before, token);
            page.body().get("messages").forEach(newestFirst::add);
            if (!page.body().get("more").asBoolean()) {
                break;
            }
            before = "&before="
                    + newestFirst.get(newestFirst.size() - 1).get("id").asLong();
        }
        List<String> oldestFirst = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(canonical(newestFirst.get(i)));
        }
        return oldestFirst;
    }

    /** A message as a reader sees it: everything but the seq, which differs between replay and live by design. */
    static String canonical(JsonNode message) {
        ObjectNode copy = message.deepCopy();
        copy.remove("seq");
        copy.remove("type");
        Map<String, JsonNode> sorted = new TreeMap<>();
        copy.properties().forEach(field -> sorted.put(field.getKey(), field.getValue()));
        return WsClient.JSON.valueToTree(sorted).toString();
    }
}
