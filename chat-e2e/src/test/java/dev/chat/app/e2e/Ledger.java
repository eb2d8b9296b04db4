package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checker of a chaos run (a set check, as Jepsen's): what the clients sent and changed, what the server
 * acknowledged, what it stored, what every reader received and what every reader shows in the end are compared, and
 * every message is put in one class, the worst that applies. The promise under test: an acknowledged message is
 * stored once, every reader of its room receives it and each change to it exactly once, in position order, as sent,
 * and ends up showing it exactly as the store holds it (or not at all, once deleted).
 */
final class Ledger {

    /** Worst first: a message is counted in the first class that applies to it. */
    enum Verdict {
        /** Acked, but not in the store under the id of its ack. */
        UNSTORED,
        /** Stored, but some reader of its room never received it. */
        LOST,
        /** Stored twice, or received twice by one reader. */
        DUPLICATED,
        /**
         * It or a change to it received by a reader after a frame of a later position, or stored with a time before
         * its predecessor's.
         */
        REORDERED,
        /** Stored or received with another author or text than was sent or edited to, or never sent at all. */
        ALTERED,
        /** Shown by some reader otherwise than the store holds it: text, edit, reactions, or deleted and shown. */
        STALE,
        /** Never acknowledged, although the client resent it until the end of the run. */
        UNACKED,
        OK
    }

    /** One run's line of the ledger table. */
    record Row(
            String run,
            String faults,
            double seconds,
            int sent,
            int acked,
            int changes,
            int stored,
            long delivered,
            Map<Verdict, Integer> verdicts,
            int connections,
            int cutInFlight,
            int resends,
            int notStored,
            int gaps,
            List<String> examples,
            String presence,
            String revoked) {

        /** With what the run found of presence (after healing) and of sessions ended during a Redis outage. */
        Row with(String presenceFound, String revokedFound) {
            return new Row(
                    run,
                    faults,
                    seconds,
                    sent,
                    acked,
                    changes,
                    stored,
                    delivered,
                    verdicts,
                    connections,
                    cutInFlight,
                    resends,
                    notStored,
                    gaps,
                    examples,
                    presenceFound,
                    revokedFound);
        }

        int count(Verdict verdict) {
            return verdicts.getOrDefault(verdict, 0);
        }

        /** Messages in any class but OK. */
        int bad() {
            return verdicts.entrySet().stream()
                    .filter(e -> e.getKey() != Verdict.OK)
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        static String header() {
            return "| run | faults | s | sent | acked | changes | delivered | ok | lost | duplicated | reordered "
                    + "| unstored | altered | stale | unacked | connects | cut in flight | resends | not_stored | gaps "
                    + "| presence | revoked |\n"
                    + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
        }

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d "
                            + "| %d | %d | %d | %d | %d | %s | %s |",
                    run,
                    faults,
                    seconds,
                    sent,
                    acked,
                    changes,
                    delivered,
                    count(Verdict.OK),
                    count(Verdict.LOST),
                    count(Verdict.DUPLICATED),
                    count(Verdict.REORDERED),
                    count(Verdict.UNSTORED),
                    count(Verdict.ALTERED),
                    count(Verdict.STALE),
                    count(Verdict.UNACKED),
                    connections,
                    cutInFlight,
                    resends,
                    notStored,
                    gaps,
                    presence,
                    revoked);
        }
    }

    private record Key(String room, String user, String clientId) {}

    /** An acknowledged message as its writer knows it: what it sent, and every text it tried to edit it to. */
    private record Known(Key key, ChaosClient writer, String sent) {

        boolean allows(String text, long id) {
            return text.equals(sent)
                    || writer.changes().editTexts(key.room(), id).contains(text);
        }
    }

    private Ledger() {}

    /**
     * @param history every room's stored messages, oldest first, read after the run
     * @param stale   where the readers' views differed from the store when they were compared with it
     */
    static Row check(
            String run,
            String faults,
            double seconds,
            List<ChaosClient> clients,
            Map<String, List<JsonNode>> history,
            List<StaleCheck.Difference> stale) {
        Map<Key, List<JsonNode>> storedByKey = new HashMap<>();
        Map<String, Map<Long, JsonNode>> storedById = new HashMap<>();
        Map<Key, Verdict> verdicts = new HashMap<>();
        List<String> examples = new ArrayList<>();
        int stored = 0;
        for (Map.Entry<String, List<JsonNode>> room : history.entrySet()) {
            Map<Long, JsonNode> byId = new HashMap<>();
            storedById.put(room.getKey(), byId);
            Instant previous = Instant.MIN;
            for (JsonNode message : room.getValue()) {
                stored++;
                Key key = key(room.getKey(), message);
                storedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
                byId.put(message.get("id").asLong(), message);
                Instant ts = Instant.parse(message.get("ts").asText());
                if (ts.isBefore(previous)) {
                    mark(
                            verdicts,
                            examples,
                            key,
                            Verdict.REORDERED,
                            "stored at " + ts + ", before the message ahead of it");
                }
                previous = ts;
            }
        }

        int sent = 0;
        int acked = 0;
        Map<Key, Known> sentKeys = new HashMap<>();
        Map<String, Map<Long, Known>> ackedById = new HashMap<>();
        for (ChaosClient client : clients) {
            client.ackConflicts().stream()
                    .limit(3)
                    .forEach(conflict -> examples.add("ack conflict at " + client.user + ": " + conflict));
            for (Map.Entry<String, ChaosClient.Sent> entry : client.sent().entrySet()) {
                sent++;
                String clientId = entry.getKey();
                ChaosClient.Sent message = entry.getValue();
                Key key = new Key(message.room(), client.user, clientId);
                Known known = new Known(key, client, message.text());
                sentKeys.put(key, known);
                verdicts.putIfAbsent(key, Verdict.OK);
                List<JsonNode> copies = storedByKey.getOrDefault(key, List.of());
                ChaosClient.Ack ack = client.acks().get(clientId);
                if (ack == null) {
                    mark(verdicts, examples, key, Verdict.UNACKED, "never acked; its story: " + client.story(clientId));
                } else {
                    acked++;
                    ackedById.computeIfAbsent(key.room(), r -> new HashMap<>()).put(ack.id(), known);
                    boolean deleted = client.changes().deleteTried(key.room(), ack.id());
                    if (!deleted
                            && copies.stream().noneMatch(copy -> copy.get("id").asLong() == ack.id())) {
                        mark(
                                verdicts,
                                examples,
                                key,
                                Verdict.UNSTORED,
                                "acked as " + ack.id() + ", stored as "
                                        + copies.stream()
                                                .map(copy -> copy.get("id").asLong())
                                                .toList());
                    }
                }
                if (copies.size() > 1) {
                    mark(verdicts, examples, key, Verdict.DUPLICATED, "stored " + copies.size() + " times");
                }
                if (client.ackConflicts().stream().anyMatch(conflict -> conflict.startsWith(clientId + " "))) {
                    mark(verdicts, examples, key, Verdict.DUPLICATED, "acked with two ids");
                }
                for (JsonNode copy : copies) {
                    String text = copy.get("text").asText();
                    if (!known.allows(text, copy.get("id").asLong())
                            || (!copy.has("edited") && !text.equals(message.text()))) {
                        mark(verdicts, examples, key, Verdict.ALTERED, "stored text differs");
                    }
                }
            }
        }
        for (Key key : storedByKey.keySet()) {
            if (!sentKeys.containsKey(key)) {
                mark(verdicts, examples, key, Verdict.ALTERED, "stored but never sent");
            }
        }

        long delivered = 0;
        for (ChaosClient reader : clients) {
            for (String room : reader.rooms) {
                Map<Long, JsonNode> byId = storedById.getOrDefault(room, Map.of());
                Map<Long, Known> ackedHere = ackedById.getOrDefault(room, Map.of());
                Map<Long, Integer> times = new HashMap<>();
                Map<Long, Integer> changeTimes = new HashMap<>();
                long highest = 0;
                for (ChaosClient.Arrival arrival : reader.arrivals().get(room)) {
                    JsonNode original = byId.get(arrival.id());
                    Known known = ackedHere.get(arrival.id());
                    Key storedKey = original != null
                            ? key(room, original)
                            : known != null ? known.key() : new Key(room, "?", "#" + arrival.id());
                    Known writer = sentKeys.get(storedKey);
                    if (arrival.isMessage()) {
                        Key key = new Key(room, arrival.user(), arrival.clientId());
                        if (original == null && known == null) {
                            mark(
                                    verdicts,
                                    examples,
                                    key,
                                    Verdict.ALTERED,
                                    reader.user + " received id " + arrival.id() + ", which is not stored");
                            continue;
                        }
                        if (!key.equals(storedKey) || writer == null || !writer.allows(arrival.text(), arrival.id())) {
                            mark(
                                    verdicts,
                                    examples,
                                    storedKey,
                                    Verdict.ALTERED,
                                    reader.user + " received another message as " + arrival.id());
                        }
                    } else if (arrival.type().equals("edited")
                            && (writer == null || !writer.allows(arrival.text(), arrival.id()))) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.ALTERED,
                                reader.user + " received an edit of " + arrival.id() + " never made");
                    }
                    int seen = (arrival.isMessage() ? times : changeTimes).merge(arrival.position(), 1, Integer::sum);
                    if (seen > 1) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.DUPLICATED,
                                reader.user + " received " + arrival.type() + " " + arrival.position() + " " + seen
                                        + " times");
                    } else if (arrival.position() < highest) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.REORDERED,
                                reader.user + " received " + arrival.type() + " " + arrival.position() + " after "
                                        + highest);
                    }
                    highest = Math.max(highest, arrival.position());
                }
                for (JsonNode message : byId.values()) {
                    long id = message.get("id").asLong();
                    if (times.containsKey(id)) {
                        delivered++;
                    } else {
                        mark(
                                verdicts,
                                examples,
                                key(room, message),
                                Verdict.LOST,
                                reader.user + " never received " + id + "; around it: "
                                        + around(reader.arrivals().get(room), id));
                    }
                }
            }
        }
        for (StaleCheck.Difference difference : stale) {
            mark(
                    verdicts,
                    examples,
                    new Key(difference.room(), difference.user(), difference.clientId()),
                    Verdict.STALE,
                    difference.reader() + " " + difference.when() + ", " + difference.id() + ": " + difference.what()
                            + "; its frames of it: " + framesOf(clients, difference));
        }

        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        verdicts.values().forEach(verdict -> counts.merge(verdict, 1, Integer::sum));
        return new Row(
                run,
                faults,
                seconds,
                sent,
                acked,
                clients.stream().mapToInt(c -> c.changes().doneCount()).sum(),
                stored,
                delivered,
                counts,
                clients.stream().mapToInt(ChaosClient::connections).sum(),
                clients.stream().mapToInt(ChaosClient::cutInFlight).sum(),
                clients.stream().mapToInt(ChaosClient::resends).sum(),
                clients.stream().mapToInt(ChaosClient::notStored).sum(),
                clients.stream().mapToInt(ChaosClient::gaps).sum(),
                List.copyOf(examples),
                "–",
                "–");
    }

    /** What the writers changed: made by kind, given up (the message deleted first), sent again, late answers. */
    static String changesMade(List<ChaosClient> clients) {
        Map<ChaosChanges.Kind, Integer> done = new EnumMap<>(ChaosChanges.Kind.class);
        clients.forEach(c -> c.changes().done().forEach((kind, n) -> done.merge(kind, n, Integer::sum)));
        return "changes made " + done + ", given up "
                + clients.stream().mapToInt(c -> c.changes().gone()).sum()
                + ", cut in flight "
                + clients.stream().mapToInt(c -> c.changes().cutInFlight()).sum()
                + ", sent again "
                + clients.stream().mapToInt(c -> c.changes().resends()).sum()
                + ", late answers "
                + clients.stream().mapToInt(c -> c.changes().strays()).sum();
    }

    private static Key key(String room, JsonNode message) {
        return new Key(
                room, message.get("user").asText(), message.get("clientId").asText());
    }

    /** The frames the reader received of the message, as type@position/connection. */
    private static List<String> framesOf(List<ChaosClient> clients, StaleCheck.Difference difference) {
        return clients.stream()
                .filter(c -> c.user.equals(difference.reader()))
                .flatMap(c -> c.arrivals().get(difference.room()).stream())
                .filter(a -> a.id() == difference.id())
                .map(a -> a.type() + "@" + a.position() + "/" + a.connection() + (a.fromHistory() ? "h" : ""))
                .toList();
    }

    /** What the reader received just before and after where {@code id} should have been: id@connection. */
    private static String around(List<ChaosClient.Arrival> arrivals, long id) {
        List<String> near = new ArrayList<>();
        for (ChaosClient.Arrival arrival : arrivals) {
            if (Math.abs(arrival.position() - id) <= 3) {
                near.add((arrival.isMessage() ? "" : arrival.type() + " ") + arrival.position() + "@"
                        + arrival.connection() + (arrival.fromHistory() ? "h" : ""));
            }
        }
        return String.join(" ", near);
    }

    /** Puts the message in {@code verdict} unless it is in a worse class already, and notes why. */
    private static void mark(Map<Key, Verdict> verdicts, List<String> examples, Key key, Verdict verdict, String why) {
        Verdict now = verdicts.get(key);
        if (now == null || verdict.compareTo(now) < 0) {
            verdicts.put(key, verdict);
        }
        String prefix = verdict + " ";
        if (examples.stream().filter(example -> example.startsWith(prefix)).count() < 8) {
            examples.add(prefix + key.room() + "/" + key.user() + "/" + key.clientId() + ": " + why);
        }
    }
}
