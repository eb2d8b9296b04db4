package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checker of a chaos run (a set check, as Jepsen's): what the clients sent, what the server acknowledged, what
 * it stored and what every reader received are compared, and every message is put in one class, the worst that
 * applies. The promise under test: an acknowledged message is stored once, and every reader of its room receives it
 * exactly once, in id order, as sent.
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
        /** Received by a reader after a message with a higher id, or stored with a time before its predecessor's. */
        REORDERED,
        /** Stored or received with another author or text than was sent, or never sent at all. */
        ALTERED,
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
            return "| run | faults | s | sent | acked | delivered | ok | lost | duplicated | reordered | unstored "
                    + "| altered | unacked | connects | cut in flight | resends | not_stored | gaps | presence | revoked |\n"
                    + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
        }

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d "
                            + "| %d | %d | %d | %d | %d | %s | %s |",
                    run,
                    faults,
                    seconds,
                    sent,
                    acked,
                    delivered,
                    count(Verdict.OK),
                    count(Verdict.LOST),
                    count(Verdict.DUPLICATED),
                    count(Verdict.REORDERED),
                    count(Verdict.UNSTORED),
                    count(Verdict.ALTERED),
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

    private Ledger() {}

    /**
     * @param history every room's stored messages, oldest first, read after the run
     */
    static Row check(
            String run, String faults, double seconds, List<ChaosClient> clients, Map<String, List<JsonNode>> history) {
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
                Key key = new Key(
                        room.getKey(),
                        message.get("user").asText(),
                        message.get("clientId").asText());
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
        Set<Key> sentKeys = new HashSet<>();
        for (ChaosClient client : clients) {
            client.ackConflicts().stream()
                    .limit(3)
                    .forEach(conflict -> examples.add("ack conflict at " + client.user + ": " + conflict));
            for (Map.Entry<String, ChaosClient.Sent> entry : client.sent().entrySet()) {
                sent++;
                String clientId = entry.getKey();
                ChaosClient.Sent message = entry.getValue();
                Key key = new Key(message.room(), client.user, clientId);
                sentKeys.add(key);
                verdicts.putIfAbsent(key, Verdict.OK);
                List<JsonNode> copies = storedByKey.getOrDefault(key, List.of());
                ChaosClient.Ack ack = client.acks().get(clientId);
                if (ack == null) {
                    mark(verdicts, examples, key, Verdict.UNACKED, "never acked; its story: " + client.story(clientId));
                } else {
                    acked++;
                    if (copies.stream().noneMatch(copy -> copy.get("id").asLong() == ack.id())) {
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
                    if (!copy.get("text").asText().equals(message.text())) {
                        mark(verdicts, examples, key, Verdict.ALTERED, "stored text differs");
                    }
                }
            }
        }
        for (Key key : storedByKey.keySet()) {
            if (!sentKeys.contains(key)) {
                mark(verdicts, examples, key, Verdict.ALTERED, "stored but never sent");
            }
        }

        long delivered = 0;
        for (ChaosClient reader : clients) {
            for (String room : reader.rooms) {
                Map<Long, JsonNode> byId = storedById.getOrDefault(room, Map.of());
                Map<Long, Integer> times = new HashMap<>();
                long highest = 0;
                for (ChaosClient.Arrival arrival : reader.arrivals().get(room)) {
                    JsonNode original = byId.get(arrival.id());
                    Key key = new Key(room, arrival.user(), arrival.clientId());
                    if (original == null) {
                        mark(
                                verdicts,
                                examples,
                                key,
                                Verdict.ALTERED,
                                reader.user + " received id " + arrival.id() + ", which is not stored");
                        continue;
                    }
                    Key storedKey = new Key(
                            room,
                            original.get("user").asText(),
                            original.get("clientId").asText());
                    if (!key.equals(storedKey)
                            || !arrival.text().equals(original.get("text").asText())) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.ALTERED,
                                reader.user + " received another message as " + arrival.id());
                    }
                    int seen = times.merge(arrival.id(), 1, Integer::sum);
                    if (seen > 1) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.DUPLICATED,
                                reader.user + " received it " + seen + " times");
                    } else if (arrival.id() < highest) {
                        mark(
                                verdicts,
                                examples,
                                storedKey,
                                Verdict.REORDERED,
                                reader.user + " received " + arrival.id() + " after " + highest);
                    }
                    highest = Math.max(highest, arrival.id());
                }
                for (JsonNode message : byId.values()) {
                    long id = message.get("id").asLong();
                    if (times.containsKey(id)) {
                        delivered++;
                    } else {
                        mark(
                                verdicts,
                                examples,
                                new Key(
                                        room,
                                        message.get("user").asText(),
                                        message.get("clientId").asText()),
                                Verdict.LOST,
                                reader.user + " never received " + id + "; around it: "
                                        + around(reader.arrivals().get(room), id));
                    }
                }
            }
        }

        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        verdicts.values().forEach(verdict -> counts.merge(verdict, 1, Integer::sum));
        return new Row(
                run,
                faults,
                seconds,
                sent,
                acked,
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

    /** What the reader received just before and after where {@code id} should have been: id@connection. */
    private static String around(List<ChaosClient.Arrival> arrivals, long id) {
        List<String> near = new ArrayList<>();
        for (ChaosClient.Arrival arrival : arrivals) {
            if (Math.abs(arrival.id() - id) <= 3) {
                near.add(arrival.id() + "@" + arrival.connection() + (arrival.fromHistory() ? "h" : ""));
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
