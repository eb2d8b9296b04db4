package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what each chaos client shows of its rooms ({@link ProtocolView}: every message with its text, edit time and
 * reactions, deleted ones removed) with the store, read over HTTP as that client reads it ({@code me} in a reaction is
 * the reader's own). Every message shown otherwise than stored, shown though deleted, or stored but not shown is a
 * {@link Difference}: for {@link Ledger}, a stale view.
 */
final class StaleCheck {

    /** One message a reader shows otherwise than the store holds it; {@code when} says at which comparison. */
    record Difference(String when, String reader, String room, long id, String user, String clientId, String what) {}

    private static final int SHOWN_CHARS = 60;

    private StaleCheck() {}

    /** Every client's view of each of its rooms now, against the store now. */
    static List<Difference> compare(String when, Api api, List<ChaosClient> clients) {
        List<Difference> differences = new ArrayList<>();
        for (ChaosClient client : clients) {
            Map<String, Map<Long, String>> shown = client.shown();
            for (String room : client.rooms) {
                Map<Long, String> view = shown.getOrDefault(room, Map.of());
                Map<Long, String> store = store(api, client.token(), room);
                for (long id : new TreeSet<>(union(view, store))) {
                    String mine = view.get(id);
                    String stored = store.get(id);
                    if (mine != null && mine.equals(stored)) {
                        continue;
                    }
                    JsonNode message = parse(stored != null ? stored : mine);
                    String what = stored == null
                            ? "shown, but deleted in the store"
                            : mine == null ? "stored, but not shown" : fieldsThatDiffer(parse(mine), message);
                    differences.add(new Difference(
                            when,
                            client.user,
                            room,
                            id,
                            message.path("user").asText(),
                            message.path("clientId").asText(),
                            what));
                }
            }
        }
        return differences;
    }

    /** The room's messages as {@code token} reads them over HTTP, by id, comparable with {@link ProtocolView#byId}. */
    private static Map<Long, String> store(Api api, String token, String room) {
        Map<Long, String> byId = new TreeMap<>();
        String path = "/api/rooms/" + room + "/messages?limit=100";
        while (true) {
            Api.Response page = read(api, path, token);
            long smallest = Long.MAX_VALUE;
            for (JsonNode message : page.body().get("messages")) {
                smallest = Math.min(smallest, message.get("id").asLong());
                byId.put(message.get("id").asLong(), ProtocolView.canonical(message));
            }
            if (!page.body().get("more").asBoolean()) {
                return byId;
            }
            path = "/api/rooms/" + room + "/messages?limit=100&before=" + smallest;
        }
    }

    /** Everything is healed when the views are compared; a page is still read again should one attempt fail. */
    private static Api.Response read(Api api, String path, String token) {
        RuntimeException failed = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Api.Response page = api.get(path, token);
                if (page.status() == 200) {
                    return page;
                }
                failed = new IllegalStateException(path + " answered " + page.status() + " " + page.body());
            } catch (RuntimeException e) {
                failed = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the store could not be read to compare the views with it: " + path, failed);
    }

    private static TreeSet<Long> union(Map<Long, String> a, Map<Long, String> b) {
        TreeSet<Long> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        return ids;
    }

    /** "text: shown …, stored …; reactions: …", each value cut short. */
    private static String fieldsThatDiffer(JsonNode shown, JsonNode stored) {
        TreeSet<String> fields = new TreeSet<>();
        shown.fieldNames().forEachRemaining(fields::add);
        stored.fieldNames().forEachRemaining(fields::add);
        List<String> differ = new ArrayList<>();
        for (String field : fields) {
            JsonNode mine = shown.get(field);
            JsonNode theirs = stored.get(field);
            if (mine == null || !mine.equals(theirs)) {
                differ.add(field + ": shown " + cut(mine) + ", stored " + cut(theirs));
            }
        }
        return String.join("; ", differ);
    }

    private static String cut(JsonNode value) {
        if (value == null) {
            return "none";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }

    private static JsonNode parse(String canonical) {
        try {
            return WsClient.JSON.readTree(canonical);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
