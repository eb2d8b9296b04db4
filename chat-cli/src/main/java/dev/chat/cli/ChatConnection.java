package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One user's live connection to a server, kept whole across drops the way docs/protocol.md ("Writing a
 * client") and the browser client do it:
 * <ul>
 *   <li>a followed room is first read with {@code history} and then joined with {@code after} = the newest id
 *       read, and rejoined after every reconnect with {@code after} = the last id delivered, so each message is
 *       delivered exactly once, in id order — the last id delivered is the only thing that decides;</li>
 *   <li>a {@code gap} reloads the newest page, says what was skipped, and holds back live messages until then;</li>
 *   <li>a send stays pending until its {@code ack} (or its own {@code message} frame) and is resent with the same
 *       {@code clientId} after every rejoin; {@code rate_limited} and {@code not_stored} hold the room's sends and
 *       resend them all in order;</li>
 *   <li>a dropped connection is reopened with exponential backoff and jitter (0.5 s, 1 s, 2 s … 30 s), after
 *       asking {@code /api/session} whether the session still exists; {@code 4401} and {@code 4403} end it;</li>
 *   <li>a ping every 25 s finds a connection that died without a close.</li>
 * </ul>
 * Every state change and every {@link Listener} call happens on one thread of its own, in order.
 */
public final class ChatConnection implements AutoCloseable {

    /** Why the connection stopped for good. */
    public enum Ending {
        SIGNED_OUT,
        BANNED
    }

    /** What the connection reports; called on the connection's own thread, one call at a time. */
    public interface Listener {
        /** A socket is open (the first one, or again after a drop). */
        default void connected() {}

        /** The socket dropped; the next attempt is in {@code retryIn}. */
        default void disconnected(Duration retryIn, int attempt) {}

        default void joined(String room, List<String> online) {}

        /** A message not delivered before; {@code earlier} for the page read before joining. */
        default void message(Message message, boolean earlier) {}

        /** Messages {@code from}…{@code to} were skipped after a {@code gap}; {@code chat history} has them. */
        default void missed(String room, long from, long to) {}

        /** A send is stored (acknowledged, or seen in the room) with this id. */
        default void sent(String room, String clientId, long id, Instant ts) {}

        /** The server refused a send for good (not for a rate limit or a store failure: those are resent). */
        default void sendFailed(String room, String clientId, String code, String message) {}

        default void presence(String room, String user, boolean online) {}

        default void typing(String room, String user, boolean stop) {}

        default void deleted(String room, long id) {}

        /** The room was deleted ({@code renamedTo} null) or renamed; a renamed room is followed under its new name. */
        default void roomClosed(String room, String renamedTo) {}

        /** Joining failed for good (the room does not exist); the room is dropped. */
        default void roomFailed(String room, String code, String message) {}

        /** An error the server reported that belongs to nothing pending. */
        default void notice(String message) {}

        /** The session ended or the account was banned: no more reconnects. */
        default void ended(Ending ending) {}
    }

    static final long FIRST_RETRY_MS = 500;
    static final long MAX_RETRY_MS = 30_000;
    private static final long PING_EVERY_MS = 25_000;
    private static final long PONG_WITHIN_MS = 10_000;
    private static final long RETRY_ROOM_MS = 1_000;
    private static final int GAP_PAGE = 50;

    private enum Phase {
        IDLE,
        LOADING,
        JOINING,
        JOINED
    }

    private final Api api;
    private final String token;
    private final String me;
    private final URI uri;
    private final Listener listener;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<Void> firstOpen = new CompletableFuture<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();

    private Socket socket;
    private int attempt;
    private boolean ended;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> pingTimer;
    private boolean pongDue;

    /**
     * @param api      the same server's HTTP API, for asking whether the session survives a drop
     * @param token    the session's bearer token
     * @param me       the signed-in user's name: own messages settle pending sends, own typing is not reported
     */
    public ChatConnection(Api api, String token, String me, Listener listener) {
        this.api = api;
        this.token = token;
        this.me = me;
        this.uri = ServerUrl.webSocket(api.server());
        this.listener = listener;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-connection");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the first socket; fails with a {@link CliException} if it cannot (later drops are retried instead). */
    public CompletableFuture<Void> start() {
        loop.execute(this::connect);
        return firstOpen;
    }

    /** Waits for {@link #start()}, turning its failure into the {@link CliException} it carries. */
    public void open() {
        try {
            start().get(Api.CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliException c ? c : CliException.failure(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw CliException.failure("cannot reach " + api.server() + ": the WebSocket did not open");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
    }

    /** Reads the room's newest {@code history} messages (delivered as {@code earlier}), then every new one. */
    public void follow(String room, int history) {
        loop.execute(() -> add(new Room(room, true, history)));
    }

    /** Joins the room to send into it, without delivering its messages. */
    public void enter(String room) {
        loop.execute(() -> add(new Room(room, false, 0)));
    }

    /** Leaves the room, unless sends to it are still pending: then it stays, and the answer is false. */
    public CompletableFuture<Boolean> leave(String room) {
        return ask(() -> {
            Room r = rooms.get(room);
            if (r == null) {
                return true;
            }
            if (!r.pending.isEmpty()) {
                return false;
            }
            rooms.remove(room);
            if (r.holdTimer != null) {
                r.holdTimer.cancel(false);
            }
            sendFrame(frame("leave", "room", room));
            return true;
        });
    }

    /** Queues a message: sent now if the room is joined, else once it is; resent until stored. */
    public void send(String room, String text, String clientId) {
        loop.execute(() -> {
            Room r = rooms.get(room);
            if (r == null) {
                listener.sendFailed(room, clientId, "not_joined", "You are not in room " + room + ".");
                return;
            }
            r.pending.put(clientId, text);
            if (r.phase == Phase.JOINED && System.currentTimeMillis() >= r.heldUntil) {
                transmit(r, clientId, text);
            }
        });
    }

    /** Says the user is typing in the room (or stopped); dropped when the room is not joined right now. */
    public void typing(String room, boolean stop) {
        loop.execute(() -> {
            Room r = rooms.get(room);
            if (r != null && r.phase == Phase.JOINED) {
                ObjectNode f = frame("typing", "room", room);
                if (stop) {
                    f.put("stop", true);
                }
                sendFrame(f);
            }
        });
    }

    /** Who is in the room, as of its {@code joined} and the presence events since. */
    public CompletableFuture<List<String>> online(String room) {
        return ask(() -> {
            Room r = rooms.get(room);
            return r == null ? List.<String>of() : List.copyOf(r.online);
        });
    }

    /** How many sends to the room wait for their ack. */
    public CompletableFuture<Integer> pending(String room) {
        return ask(() -> {
            Room r = rooms.get(room);
            return r == null ? 0 : r.pending.size();
        });
    }

    /** Closes the socket normally (1000) and stops; a closed connection reports nothing more. */
    @Override
    public void close() {
        CompletableFuture<?> closing;
        try {
            closing = ask(() -> {
                        ended = true;
                        cancelTimers();
                        Socket s = socket;
                        socket = null;
                        if (s != null && s.ws != null) {
                            return s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").handle((r, e) -> s.ws);
                        }
                        return CompletableFuture.completedFuture(null);
                    })
                    .thenCompose(f -> f);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return;
        }
        try {
            Object ws = closing.get(1, TimeUnit.SECONDS);
            if (ws instanceof WebSocket w) {
                w.abort();
            }
        } catch (ExecutionException | TimeoutException e) {
            // The server did not take the close frame in time: the socket is dropped below anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownNow();
    }

    // ---- connection ----------------------------------------------------------------------------

    private void connect() {
        if (ended || socket != null) {
            return;
        }
        Socket s = new Socket();
        socket = s;
        api.http()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Api.CONNECT_TIMEOUT)
                .buildAsync(uri, s)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        loop.execute(() -> openFailed(s, error));
                    }
                });
    }

    private void openFailed(Socket s, Throwable error) {
        if (socket != s) {
            return;
        }
        socket = null;
        if (!firstOpen.isDone()) {
            ended = true;
            firstOpen.completeExceptionally(describe(error));
            return;
        }
        scheduleReconnect();
    }

    private CliException describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            if (status == 401) {
                return CliException.server(401, "unauthorized", Api.sessionEnded(api.server()));
            }
            return CliException.server(
                    status,
                    "http_" + status,
                    api.server() + " refused the WebSocket (HTTP " + status + "); is it a chat server?");
        }
        return Api.unreachable(api.server(), cause);
    }

    private void opened(Socket s) {
        if (socket != s || ended) {
            s.ws.abort();
            return;
        }
        s.open = true;
        pongDue = false;
        if (rooms.isEmpty()) {
            attempt = 0;
        }
        pingTimer = loop.scheduleAtFixedRate(this::ping, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
        firstOpen.complete(null);
        listener.connected();
        for (Room room : List.copyOf(rooms.values())) {
            begin(room);
        }
    }

    private void closed(Socket s, int code) {
        if (socket != s) {
            return;
        }
        dropped();
        if (code == 4401) {
            end(Ending.SIGNED_OUT);
        } else if (code == 4403) {
            end(Ending.BANNED);
        } else {
            scheduleReconnect();
        }
    }

    /** The socket is gone: every room must be joined again on the next one. */
    private void dropped() {
        Socket s = socket;
        socket = null;
        if (s != null && s.ws != null) {
            s.ws.abort();
        }
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        pongDue = false;
        for (Room room : rooms.values()) {
            room.phase = Phase.IDLE;
            room.loaded.clear();
            room.refilling = false;
            room.held.clear();
        }
    }

    private void scheduleReconnect() {
        if (ended) {
            return;
        }
        attempt++;
        long base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt - 1, 16));
        long delay = Math.round(base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        retryTimer = loop.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
        listener.disconnected(Duration.ofMillis(delay), attempt);
    }

    /** Before opening a socket again, tells "signed out" from "server away", like the browser. */
    private void reconnect() {
        if (ended || socket != null) {
            return;
        }
        CompletableFuture.supplyAsync(() -> api.get("/api/session"))
                .whenComplete((answer, error) -> loop.execute(() -> {
                    if (ended || socket != null) {
                        return;
                    }
                    if (error != null) {
                        scheduleReconnect();
                    } else if (!answer.path("signedIn").asBoolean(false)) {
                        end(Ending.SIGNED_OUT);
                    } else {
                        connect();
                    }
                }));
    }

    private void end(Ending ending) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        listener.ended(ending);
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {retryTimer, pingTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        for (Room room : rooms.values()) {
            if (room.holdTimer != null) {
                room.holdTimer.cancel(false);
            }
        }
    }

    /** A connection can die without a close (sleep, network switch): no pong in time means it is gone. */
    private void ping() {
        Socket s = socket;
        if (s == null || !s.open || pongDue) {
            return;
        }
        pongDue = true;
        sendFrame(frame("ping"));
        loop.schedule(
                () -> {
                    if (socket == s && pongDue) {
                        dropped();
                        scheduleReconnect();
                    }
                },
                PONG_WITHIN_MS,
                TimeUnit.MILLISECONDS);
    }

    private boolean sendFrame(ObjectNode frame) {
        Socket s = socket;
        if (s == null || !s.open) {
            return false;
        }
        s.send(frame.toString());
        return true;
    }

    // ---- rooms ---------------------------------------------------------------------------------

    private void add(Room room) {
        if (rooms.containsKey(room.name)) {
            return;
        }
        rooms.put(room.name, room);
        if (socket != null && socket.open) {
            begin(room);
        }
    }

    /** A followed room never seen is read first, then joined after what was read; others are joined at once. */
    private void begin(Room room) {
        if (room.follow && room.lastSeen < 0) {
            room.phase = Phase.LOADING;
            room.loaded.clear();
            sendFrame(history(room.name, null, Math.min(100, Math.max(1, room.history))));
        } else {
            room.phase = Phase.JOINING;
            ObjectNode join = frame("join", "room", room.name);
            if (room.follow) {
                join.put("after", room.lastSeen);
            }
            sendFrame(join);
        }
    }

    private ObjectNode history(String room, Long before, int limit) {
        ObjectNode f = frame("history", "room", room);
        if (before != null) {
            f.put("before", before);
        }
        f.put("limit", limit);
        return f;
    }

    private void transmit(Room room, String clientId, String text) {
        sendFrame(frame("send", "room", room.name, "text", text, "clientId", clientId));
    }

    private void transmitAll(Room room) {
        if (room.phase != Phase.JOINED || System.currentTimeMillis() < room.heldUntil) {
            return;
        }
        room.pending.forEach((clientId, text) -> transmit(room, clientId, text));
    }

    /**
     * The server asked to wait: hold the room's sends, then resend all pending ones in order (a resend of a
     * stored message is only acknowledged again), so that a later message never overtakes an earlier one.
     */
    private void hold(Room room, long ms) {
        long until = System.currentTimeMillis() + ms;
        if (until <= room.heldUntil) {
            return;
        }
        room.heldUntil = until;
        if (room.holdTimer != null) {
            room.holdTimer.cancel(false);
        }
        room.holdTimer = loop.schedule(
                () -> {
                    if (rooms.get(room.name) != room) {
                        return;
                    }
                    room.heldUntil = 0;
                    transmitAll(room);
                },
                ms,
                TimeUnit.MILLISECONDS);
    }

    private void settle(Room room, String clientId, long id, Instant ts) {
        if (clientId != null && room.pending.remove(clientId) != null) {
            listener.sent(room.name, clientId, id, ts);
        }
    }

    private void deliver(Room room, Message m, boolean earlier) {
        if (room.lastSeen >= 0 && m.id() <= room.lastSeen) {
            return;
        }
        room.lastSeen = m.id();
        if (room.follow) {
            listener.message(m, earlier);
        }
    }

    // ---- frames from the server ----------------------------------------------------------------

    private void received(Socket s, String text) {
        if (socket != s) {
            return;
        }
        JsonNode frame;
        try {
            frame = Api.JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (frame == null || !frame.isObject()) {
            return;
        }
        String type = frame.path("type").asText("");
        if (type.equals("pong")) {
            pongDue = false;
            return;
        }
        Room room = rooms.get(frame.path("room").asText(""));
        switch (type) {
            case "joined" -> joined(room, frame);
            case "message" -> message(room, frame);
            case "ack" -> {
                if (room != null) {
                    settle(
                            room,
                            frame.path("clientId").asText(null),
                            frame.path("id").asLong(),
                            Message.from(frame).ts());
                }
            }
            case "history" -> history(room, frame);
            case "gap" -> {
                if (room != null && room.phase == Phase.JOINED && room.follow) {
                    room.refilling = true;
                    room.held.clear();
                    sendFrame(history(room.name, null, GAP_PAGE));
                }
            }
            case "presence" -> {
                if (room != null) {
                    String user = frame.path("user").asText();
                    boolean online = frame.path("state").asText().equals("online");
                    if (online) {
                        room.online.add(user);
                    } else {
                        room.online.remove(user);
                    }
                    listener.presence(room.name, user, online);
                }
            }
            case "typing" -> {
                String user = frame.path("user").asText();
                if (room != null && !user.equals(me)) {
                    listener.typing(room.name, user, frame.path("stop").asBoolean(false));
                }
            }
            case "deleted" -> {
                if (room != null) {
                    listener.deleted(room.name, frame.path("id").asLong());
                }
            }
            case "room_closed" -> roomClosed(room, frame.path("renamedTo").asText(null));
            case "error" -> failed(room, frame);
            default -> {
                // Frame types added later are ignored, as the protocol asks.
            }
        }
    }

    private void joined(Room room, JsonNode frame) {
        if (room == null || room.phase != Phase.JOINING) {
            return;
        }
        room.phase = Phase.JOINED;
        room.online.clear();
        frame.path("online").forEach(u -> room.online.add(u.asText()));
        attempt = 0;
        listener.joined(room.name, List.copyOf(room.online));
        transmitAll(room);
    }

    private void message(Room room, JsonNode frame) {
        if (room == null) {
            return;
        }
        Message m = Message.from(frame);
        if (m.user().equals(me)) {
            settle(room, m.clientId(), m.id(), m.ts());
        }
        if (room.refilling) {
            room.held.add(m);
        } else {
            deliver(room, m, false);
        }
    }

    private void history(Room room, JsonNode frame) {
        if (room == null) {
            return;
        }
        List<Message> page = new ArrayList<>();
        frame.path("messages").forEach(m -> page.add(Message.from(m)));
        boolean more = frame.path("more").asBoolean(false);
        for (Message m : page) {
            if (m.user().equals(me)) {
                settle(room, m.clientId(), m.id(), m.ts());
            }
        }
        if (room.phase == Phase.LOADING) {
            room.loaded.addAll(page);
            if (room.loaded.size() < room.history && more && !page.isEmpty()) {
                sendFrame(history(
                        room.name, page.get(page.size() - 1).id(), Math.min(100, room.history - room.loaded.size())));
                return;
            }
            long newest = room.loaded.isEmpty() ? 0 : room.loaded.get(0).id();
            List<Message> shown = new ArrayList<>(room.loaded.subList(0, Math.min(room.history, room.loaded.size())));
            Collections.reverse(shown);
            room.loaded.clear();
            room.lastSeen = newest;
            for (Message m : shown) {
                listener.message(m, true);
            }
            begin(room);
        } else if (room.phase == Phase.JOINED && room.refilling) {
            List<Message> fresh = new ArrayList<>(page);
            Collections.reverse(fresh);
            fresh.removeIf(m -> m.id() <= room.lastSeen);
            if (!fresh.isEmpty() && room.lastSeen >= 0 && fresh.get(0).id() > room.lastSeen + 1) {
                listener.missed(room.name, room.lastSeen + 1, fresh.get(0).id() - 1);
            }
            for (Message m : fresh) {
                deliver(room, m, false);
            }
            room.refilling = false;
            for (Message m : room.held) {
                deliver(room, m, false);
            }
            room.held.clear();
        }
    }

    private void roomClosed(Room room, String renamedTo) {
        if (room == null) {
            return;
        }
        rooms.remove(room.name);
        if (room.holdTimer != null) {
            room.holdTimer.cancel(false);
        }
        listener.roomClosed(room.name, renamedTo);
        if (renamedTo != null && !rooms.containsKey(renamedTo)) {
            // The messages move with the room and keep their ids: follow on from the same place.
            Room moved = new Room(renamedTo, room.follow, room.history);
            moved.lastSeen = room.lastSeen;
            moved.pending.putAll(room.pending);
            add(moved);
        }
    }

    private void failed(Room room, JsonNode frame) {
        String code = frame.path("code").asText("");
        String message = frame.path("message").asText(code);
        String ref = frame.path("ref").asText(null);
        if (room != null && ref != null && room.pending.containsKey(ref)) {
            if (code.equals("rate_limited") || code.equals("not_stored")) {
                hold(room, frame.path("retryAfterMs").asLong(RETRY_ROOM_MS));
            } else {
                room.pending.remove(ref);
                listener.sendFailed(room.name, ref, code, message);
            }
            return;
        }
        if (room != null && ref == null) {
            boolean asking = room.phase == Phase.LOADING || room.phase == Phase.JOINING || room.refilling;
            if (asking && (code.equals("no_such_room") || code.equals("invalid_room"))) {
                rooms.remove(room.name);
                listener.roomFailed(room.name, code, message);
                return;
            }
            if (asking && (code.equals("unavailable") || code.equals("internal"))) {
                // The store did not answer a read or a join: ask again in a moment.
                Socket s = socket;
                loop.schedule(
                        () -> {
                            if (socket != s || rooms.get(room.name) != room) {
                                return;
                            }
                            if (room.refilling) {
                                sendFrame(history(room.name, null, GAP_PAGE));
                            } else if (room.phase != Phase.JOINED) {
                                begin(room);
                            }
                        },
                        RETRY_ROOM_MS,
                        TimeUnit.MILLISECONDS);
                return;
            }
            if (code.equals("unauthorized")) {
                return;
            }
        }
        listener.notice(message);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private static ObjectNode frame(String type, String... keyValues) {
        ObjectNode node = Api.JSON.createObjectNode().put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }

    private <T> CompletableFuture<T> ask(java.util.concurrent.Callable<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                answer.complete(question.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** A room this connection is in: what it has delivered, and what it still has to send. */
    private static final class Room {
        final String name;
        final boolean follow;
        final int history;
        long lastSeen = -1;
        Phase phase = Phase.IDLE;
        final List<Message> loaded = new ArrayList<>();
        boolean refilling;
        final List<Message> held = new ArrayList<>();
        final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        final TreeSet<String> online = new TreeSet<>();
        long heldUntil;
        ScheduledFuture<?> holdTimer;

        Room(String name, boolean follow, int history) {
            this.name = name;
            this.follow = follow;
            this.history = history;
        }
    }

    /** One WebSocket; events of a socket that is no longer the current one are ignored. */
    private final class Socket implements WebSocket.Listener {
        volatile WebSocket ws;
        boolean open;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
            loop.execute(() -> opened(this));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                loop.execute(() -> received(this, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> closed(this, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> closed(this, 1006));
        }

        /** Java's WebSocket takes one send at a time: each waits for the one before. */
        void send(String text) {
            WebSocket w = ws;
            sending = sending.handle((r, e) -> null).thenCompose(v -> w.sendText(text, true));
        }
    }
}
