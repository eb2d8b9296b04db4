package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A chat client written the way docs/protocol.md tells clients to behave, and nothing cleverer: it keeps one
 * WebSocket through the load balancer, joins its rooms with {@code after} = its position (the largest message id and
 * change seq it has received), sends with a fresh {@code clientId} per message and resends unanswered sends with the
 * same one after every reconnect or {@code not_stored}, keeps a {@link ProtocolView} of each room, and after a
 * {@code gap} loads the room's view again from the history. A writer also edits, deletes and reacts
 * ({@link ChaosChanges}). Everything it sent, was acked and received is written down for {@link Ledger}. One thread
 * drives it.
 */
final class ChaosClient implements AutoCloseable {

    /** Sends in flight at once; more wait. */
    private static final int WINDOW = 4;

    private static final long RECONNECT_PAUSE_MS = 200;
    private static final long RETRY_JOIN_MS = 500;
    /** A join unanswered this long: the connection is given up and a new one opened, as a careful client does. */
    private static final long JOIN_TIMEOUT_MS = 20_000;

    /**
     * A frame of a message or a change received, live or replayed, at its {@code position} (a message's id, a change's
     * seq; {@code fromHistory} when a gap was filled from the history). {@code clientId} and {@code user} are a
     * message's; {@code text} is a message's or an edit's.
     */
    record Arrival(
            String type,
            long id,
            long position,
            String clientId,
            String user,
            String text,
            boolean fromHistory,
            int connection) {

        boolean isMessage() {
            return type.equals("message");
        }
    }

    record Sent(String room, String text) {}

    record Ack(String room, long id, String ts, long sentAtMillis) {}

    final String user;
    final List<String> rooms;
    private final String token;
    private final int port;
    private final Api api;
    private final int sendsPerSecond;
    private final IntSupplier textLength;
    private final Random random;

    // Written by the driver thread; read by others only after close() has joined it.
    private final Map<String, List<Arrival>> arrivals = new HashMap<>();
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    private final Map<String, Ack> acks = new HashMap<>();
    /** clientId → when to (re)send it, in nanoTime; 0 = sent on the current connection, waiting for its answer. */
    private final LinkedHashMap<String, Long> pending = new LinkedHashMap<>();

    private final Map<String, Long> sentAtMillis = new HashMap<>();
    private final Set<String> joining = new HashSet<>();
    /** When each join still unanswered was sent, in nanoTime. */
    private final Map<String, Long> joinSentAt = new HashMap<>();
    /** Rooms joined on this connection, and for each joined again: how many arrivals it had, and its position. */
    private final Set<String> inRoom = new HashSet<>();

    private final Map<String, long[]> restarted = new HashMap<>();
    /** Frames still to come of each room's replay ({@code joined}'s {@code recovered}); absent when none. */
    private final Map<String, Integer> replayLeft = new HashMap<>();
    /** Each room as the protocol says to show it; the driver writes it under its lock, the test reads it so. */
    private final Map<String, ProtocolView> views = new HashMap<>();

    private final OnlineLists online = new OnlineLists();
    private final ChaosChanges changes;

    private final Map<String, Long> joinRetryAt = new HashMap<>();
    private final Map<String, Long> filledUpTo = new HashMap<>();
    private final List<String> surprises = new ArrayList<>();
    private final List<String> ackConflicts = new ArrayList<>();
    /** What happened to each send, for the report of a send that went wrong: "send@1", "not_stored@2", … */
    private final Map<String, List<String>> trace = new HashMap<>();

    // Read by the test while the client runs.
    private final Map<String, Long> position = new ConcurrentHashMap<>();
    private final Map<String, Long> finalEdits = new ConcurrentHashMap<>();
    private volatile boolean finalEditsWanted;
    private volatile boolean finalEditsMade;
    private volatile int pendingCount;
    private volatile int sentCount;
    private volatile int connections;
    private volatile int resends;
    private volatile int cutInFlight;
    private volatile int notStored;
    private volatile int gaps;
    private volatile boolean sending;
    private volatile boolean rejoinAll;
    private volatile boolean reconnect;
    private volatile int slowJoins;
    private volatile boolean running = true;
    private volatile boolean inAllRooms;

    private final Thread driver;
    private WsClient socket;

    /**
     * @param sendsPerSecond 0 for a client that only reads
     * @param textLength     the length of each new message's text
     */
    ChaosClient(
            String user,
            String token,
            int port,
            Api api,
            List<String> rooms,
            int sendsPerSecond,
            IntSupplier textLength,
            long seed) {
        this.user = user;
        this.token = token;
        this.port = port;
        this.api = api;
        this.rooms = List.copyOf(rooms);
        this.sendsPerSecond = sendsPerSecond;
        this.textLength = textLength;
        this.random = new Random(seed);
        this.changes = new ChaosChanges(user, random, textLength);
        rooms.forEach(room -> {
            arrivals.put(room, new ArrayList<>());
            position.put(room, 0L);
            views.put(room, new ProtocolView());
        });
        driver = new Thread(this::drive, "chaos-" + user);
        driver.setDaemon(true);
    }

    /** Connects and joins; sends once {@link #startSending()} is called. */
    void start() {
        driver.start();
    }

    /** True while the client is connected and in all its rooms, with every replay in (and no rejoin asked for). */
    boolean joinedAll() {
        return inAllRooms && !rejoinAll;
    }

    void startSending() {
        sending = sendsPerSecond > 0;
    }

    /** No new messages from now on; unanswered ones are still resent until acked. */
    void stopSending() {
        sending = false;
    }

    /** Joins every room again with {@code after}, as a client does when it wants to be sure it is up to date. */
    void rejoin() {
        rejoinAll = true;
    }

    /**
     * Drops the connection and opens a fresh one, which joins every room with {@code after}: the control for a
     * rejoin on the same connection, which a wedged connection could not answer.
     */
    void reconnect() {
        reconnect = true;
    }

    /** Joins that went unanswered for {@value #JOIN_TIMEOUT_MS} ms (the connection was then given up). */
    int slowJoins() {
        return slowJoins;
    }

    /** The last {@code joined} and {@code presence} frames of the room, with the time and connection of each. */
    List<String> presenceStory(String room) {
        return online.story(room);
    }

    /** Who this client was told is online in the room. */
    Set<String> online(String room) {
        return online.online(room);
    }

    /** True once nothing this client sent is waiting for an ack, and no change of its is under way. */
    boolean allAcked() {
        return !sending && pendingCount == 0 && !changes.busy();
    }

    /** True once this client's position in each of its rooms is at least the given newest one. */
    boolean caughtUp(Map<String, Long> newest) {
        return rooms.stream().allMatch(room -> position.get(room) >= newest.getOrDefault(room, 0L));
    }

    /** The largest message id and change seq received in the room. */
    long position(String room) {
        return position.get(room);
    }

    /**
     * Has a writer edit, over HTTP, its newest message in each of its rooms: the last thing said there, so that an
     * edit the fan-out does not carry cannot be brought along by anything later.
     */
    void makeFinalEdits() {
        finalEditsWanted = sendsPerSecond > 0;
        finalEditsMade = sendsPerSecond == 0;
    }

    boolean finalEditsMade() {
        return finalEditsMade;
    }

    /** The seq of each room's final edit, by room. */
    Map<String, Long> finalEdits() {
        return Map.copyOf(finalEdits);
    }

    /** What this client shows now, by room, then by id (see {@link ProtocolView#byId}). */
    Map<String, Map<Long, String>> shown() {
        synchronized (views) {
            Map<String, Map<Long, String>> now = new HashMap<>();
            views.forEach((room, view) -> now.put(room, view.byId()));
            return now;
        }
    }

    String token() {
        return token;
    }

    /** Its edits, deletions and reactions; read once the client has stopped. */
    ChaosChanges changes() {
        return changes;
    }

    int sentCount() {
        return sentCount;
    }

    int connections() {
        return connections;
    }

    int resends() {
        return resends;
    }

    int cutInFlight() {
        return cutInFlight;
    }

    int notStored() {
        return notStored;
    }

    int gaps() {
        return gaps;
    }

    Map<String, List<Arrival>> arrivals() {
        return Collections.unmodifiableMap(arrivals);
    }

    Map<String, Sent> sent() {
        return Collections.unmodifiableMap(sent);
    }

    Map<String, Ack> acks() {
        return Collections.unmodifiableMap(acks);
    }

    /** Frames the protocol does not allow here (an error code a correct client never provokes, and the like). */
    List<String> surprises() {
        return Collections.unmodifiableList(surprises);
    }

    /** One clientId acked with two different ids: stored twice. */
    List<String> ackConflicts() {
        return Collections.unmodifiableList(ackConflicts);
    }

    @Override
    public void close() {
        running = false;
        try {
            driver.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (driver.isAlive()) {
            throw new IllegalStateException(user + "'s client did not stop");
        }
        if (changes.unfinished() != null) {
            surprises.add("a change neither seen done nor refused by the end: " + changes.unfinished());
        }
    }

    private void drive() {
        long nextSendAt = System.nanoTime();
        while (running) {
            if (socket == null && !connect()) {
                sleep(RECONNECT_PAUSE_MS);
                continue;
            }
            try {
                JsonNode frame = socket.next(Duration.ofMillis(5));
                if (frame != null) {
                    handle(frame);
                    continue;
                }
                if (socket.closeCode.isDone()) {
                    disconnected();
                    continue;
                }
                long now = System.nanoTime();
                if (reconnect) {
                    reconnect = false;
                    disconnected();
                    continue;
                }
                if (rejoinAll) {
                    rooms.forEach(this::join);
                    rejoinAll = false;
                }
                if (finalEditsWanted) {
                    finalEditsWanted = false;
                    editLast();
                }
                if (joinSentAt.values().stream().anyMatch(at -> now - at > JOIN_TIMEOUT_MS * 1_000_000L)) {
                    slowJoins++;
                    surprises.add("a join unanswered for " + JOIN_TIMEOUT_MS + " ms on connection " + connections
                            + "; its last frames: " + recent);
                    disconnected();
                    continue;
                }
                joinRetryAt.entrySet().removeIf(retry -> {
                    if (retry.getValue() <= now) {
                        join(retry.getKey());
                        return true;
                    }
                    return false;
                });
                resendDue(now);
                changeDue(now);
                if (sending && pendingCount < WINDOW && now >= nextSendAt) {
                    if (!changes.start(views, rooms, now, acks::containsKey)) {
                        sendNew();
                    }
                    long interval = 1_000_000_000L / sendsPerSecond;
                    nextSendAt = Math.max(nextSendAt + interval, now - interval);
                }
            } catch (RuntimeException broken) {
                // A send on a socket that has just died: the same as a close.
                disconnected();
            }
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private boolean connect() {
        try {
            socket = WsClient.connect(port, token);
        } catch (RuntimeException refused) {
            return false;
        }
        connections++;
        joining.clear();
        replayLeft.clear();
        joinSentAt.clear();
        inRoom.clear();
        restarted.clear();
        joinRetryAt.clear();
        try {
            rooms.forEach(this::join);
            long now = System.nanoTime();
            pending.replaceAll((clientId, at) -> now);
            resendDue(now);
        } catch (RuntimeException broken) {
            disconnected();
            return false;
        }
        return true;
    }

    private void join(String room) {
        joining.add(room);
        joinSentAt.put(room, System.nanoTime());
        replayLeft.remove(room);
        changes.rejoining(room, System.nanoTime());
        if (inRoom.contains(room)) {
            restarted.put(room, new long[] {arrivals.get(room).size(), position.get(room)});
        }
        inAllRooms = false;
        out("join " + room + " after " + position.get(room));
        socket.send("type", "join", "room", room, "after", position.get(room));
    }

    /** Sends the change that is due once its room is joined and its replay in, when the view does not show it yet. */
    private void changeDue(long now) {
        String room = changes.dueRoom(now);
        if (room == null || joining.contains(room) || replayLeft.containsKey(room)) {
            return;
        }
        Object[] frame = changes.nextFrame(views.get(room), connections);
        if (frame != null) {
            out("change " + java.util.Arrays.toString(frame));
            socket.send(frame);
        }
    }

    /** The final edits (see {@link #makeFinalEdits}); HTTP, so the driver waits for them. */
    private void editLast() {
        try {
            for (String room : rooms) {
                long seq = changes.finalEdit(api, token, room, views.get(room), acks::containsKey);
                if (seq > 0) {
                    finalEdits.put(room, seq);
                }
            }
        } catch (RuntimeException e) {
            surprises.add("a final edit failed: " + e);
        }
        finalEditsMade = true;
    }

    private void disconnected() {
        if (socket == null) {
            return;
        }
        socket.abort();
        socket = null;
        inAllRooms = false;
        long inFlight = pending.values().stream().filter(at -> at == 0).count();
        cutInFlight += (int) inFlight;
        long now = System.nanoTime();
        pending.replaceAll((clientId, at) -> now);
        changes.disconnected(now);
    }

    private void sendNew() {
        int number = sent.size() + 1;
        String clientId = user + "-" + number;
        String room = rooms.get(number % rooms.size());
        String text = clientId + " " + filler(Math.max(0, textLength.getAsInt() - clientId.length() - 1));
        sent.put(clientId, new Sent(room, text));
        sentAtMillis.put(clientId, System.currentTimeMillis());
        sentCount = sent.size();
        pending.put(clientId, 0L);
        pendingCount = pending.size();
        note(clientId, "send");
        out("send " + clientId);
        socket.send("type", "send", "room", room, "text", text, "clientId", clientId);
    }

    private void resendDue(long now) {
        for (Map.Entry<String, Long> entry : pending.entrySet()) {
            long at = entry.getValue();
            if (at != 0 && at <= now) {
                entry.setValue(0L);
                Sent message = sent.get(entry.getKey());
                resends++;
                note(entry.getKey(), "resend");
                out("resend " + entry.getKey());
                socket.send("type", "send", "room", message.room(), "text", message.text(), "clientId", entry.getKey());
            }
        }
    }

    private String filler(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private void handle(JsonNode frame) {
        String room = frame.path("room").asText(null);
        String type = frame.path("type").asText();
        if (!type.equals("message")) {
            recent("in@" + connections + " " + frame);
        }
        switch (type) {
            case "joined" -> {
                joining.remove(room);
                joinSentAt.remove(room);
                inRoom.add(room);
                long[] from = restarted.remove(room);
                if (from != null) {
                    // Joined again on this connection: what the room's earlier join delivered past the position the
                    // join gave comes again in its replay, as the join asked. The replay's copies are the ones kept.
                    List<Arrival> since = arrivals.get(room)
                            .subList((int) from[0], arrivals.get(room).size());
                    since.removeIf(arrival -> arrival.position() > from[1]);
                }
                if (frame.path("recovered").asInt() > 0) {
                    replayLeft.put(room, frame.path("recovered").asInt());
                }
                inAllRooms = joining.isEmpty() && replayLeft.isEmpty();
                online.joined(room, frame, connections);
            }
            case "presence" -> online.presence(room, frame, connections);
            case "message", "edited", "deleted", "reactions" -> received(room, frame);
            case "ack" -> acked(frame);
            case "error" -> refused(room, frame);
            case "gap" -> fill(room);
            case "typing", "pong" -> {
                // Best effort, not part of the ledger.
            }
            default -> surprises.add("unexpected frame " + frame);
        }
    }

    /** A message or a change, live or replayed: shown as the protocol says, and written down. */
    private void received(String room, JsonNode frame) {
        ProtocolView view = views.get(room);
        if (view == null) {
            surprises.add("a frame of a room not joined: " + frame);
            return;
        }
        Integer left = replayLeft.remove(room);
        if (left != null && left > 1) {
            replayLeft.put(room, left - 1);
        } else if (left != null) {
            inAllRooms = joining.isEmpty() && replayLeft.isEmpty();
        }
        synchronized (views) {
            view.apply(frame);
        }
        changes.seen(room, frame, view);
        String type = frame.path("type").asText();
        long at = type.equals("message")
                ? frame.get("id").asLong()
                : frame.get("seq").asLong();
        if (at <= filledUpTo.getOrDefault(room, 0L)) {
            // Live after a gap, and already taken from the history: the protocol says to drop it.
            return;
        }
        arrived(room, frame, type, at, false);
    }

    private void arrived(String room, JsonNode frame, String type, long at, boolean fromHistory) {
        arrivals.get(room)
                .add(new Arrival(
                        type,
                        frame.get("id").asLong(),
                        at,
                        frame.path("clientId").asText(),
                        frame.path("user").asText(),
                        frame.path("text").asText(),
                        fromHistory,
                        connections));
        position.merge(room, at, Math::max);
    }

    private void acked(JsonNode frame) {
        String clientId = frame.get("clientId").asText();
        note(clientId, "ack " + frame.get("id").asLong());
        if (pending.remove(clientId) == null) {
            // Acked again: a resend whose first answer came late. It must name the same message.
            Ack first = acks.get(clientId);
            if (first == null || first.id() != frame.get("id").asLong()) {
                ackConflicts.add(clientId + " acked as " + first + " and as " + frame + "; its story: "
                        + trace.get(clientId) + "; the last frames: " + recent);
            }
            return;
        }
        pendingCount = pending.size();
        Ack ack = new Ack(
                frame.get("room").asText(),
                frame.get("id").asLong(),
                frame.get("ts").asText(),
                sentAtMillis.get(clientId));
        Ack earlier = acks.putIfAbsent(clientId, ack);
        if (earlier != null && earlier.id() != ack.id()) {
            ackConflicts.add(clientId + " acked as " + earlier + " and as " + frame);
        }
    }

    private void refused(String room, JsonNode frame) {
        String code = frame.path("code").asText();
        String ref = frame.path("ref").asText(null);
        long now = System.nanoTime();
        if (ref != null) {
            if (!pending.containsKey(ref)) {
                surprises.add("an error for a send not waiting: " + frame);
                return;
            }
            note(ref, code);
            switch (code) {
                case "not_stored", "unavailable", "rate_limited", "not_joined" -> {
                    // not_joined: the join ahead of it failed; it is retried, and so is this send after it.
                    if (code.equals("not_stored")) {
                        notStored++;
                    }
                    long wait = frame.path("retryAfterMs").asLong(RETRY_JOIN_MS);
                    pending.put(ref, now + wait * 1_000_000L);
                }
                default -> surprises.add("send refused: " + frame);
            }
        } else if (room != null && joining.contains(room) && code.equals("unavailable")) {
            // No change of this client's is sent to a room while it is being joined: the join's answer.
            joinSentAt.remove(room);
            joinRetryAt.put(room, now + RETRY_JOIN_MS * 1_000_000L);
        } else if (room == null || !changes.refused(room, frame, now)) {
            surprises.add("error " + frame);
        }
    }

    /**
     * More than 500 missed: the room's view is loaded again from the history, as the protocol says, and the
     * messages after the position are taken as arrived, oldest first.
     */
    private void fill(String room) {
        gaps++;
        long after = position.get(room);
        List<JsonNode> newestFirst = new ArrayList<>();
        String path = "/api/rooms/" + room + "/messages?limit=100";
        while (true) {
            Api.Response page;
            try {
                page = api.get(path, token);
            } catch (RuntimeException e) {
                page = null;
            }
            if (page == null || page.status() != 200) {
                // The store is away. Live messages must not move the position past the hole: the connection is
                // given up, and the next one joins from where this one stood.
                throw new IllegalStateException("history of " + room + " unavailable to fill a gap");
            }
            page.body().get("messages").forEach(newestFirst::add);
            if (!page.body().get("more").asBoolean()) {
                break;
            }
            path = "/api/rooms/" + room + "/messages?limit=100&before="
                    + newestFirst.get(newestFirst.size() - 1).get("id").asLong();
        }
        Collections.reverse(newestFirst);
        ProtocolView view = views.get(room);
        synchronized (views) {
            view.reload(newestFirst);
        }
        changes.reloaded(room, view);
        for (JsonNode message : newestFirst) {
            if (message.get("id").asLong() > after) {
                arrived(room, message, "message", message.get("id").asLong(), true);
            }
        }
        filledUpTo.put(room, position.get(room));
    }

    /** The client's last frames out and in (messages left out), for the report of a surprise. */
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    private void out(String what) {
        recent("out@" + connections + " " + what);
    }

    private void recent(String what) {
        if (recent.size() == 30) {
            recent.removeFirst();
        }
        recent.addLast(what);
    }

    /** What happened to one send, for the report of a send that went wrong. */
    List<String> story(String clientId) {
        return trace.getOrDefault(clientId, List.of());
    }

    private void note(String clientId, String what) {
        trace.computeIfAbsent(clientId, id -> new ArrayList<>()).add(what + "@" + connections);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return user + " " + rooms + (sendsPerSecond > 0 ? " sending " + sendsPerSecond + "/s" : " reading");
    }
}
