package dev.chat.adapters.redis;

import static dev.chat.adapters.redis.PresenceScripts.ARRIVE;
import static dev.chat.adapters.redis.PresenceScripts.DEPART;
import static dev.chat.adapters.redis.PresenceScripts.NODES;
import static dev.chat.adapters.redis.PresenceScripts.SWEEP;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, shared by every node through Redis, counted by user.
 *
 * <p>Per room, a sorted set {@code <prefix>presence:{room}} holds the users online, scored by when their
 * entry expires, and per user a sorted set {@code <prefix>presence:{room}:<user>} holds the nodes that
 * have a connection of theirs, scored the same way. A node keeps its own connection counts in memory and
 * writes only the first arrival and the last departure of a user; a timer renews its entries (a lease),
 * so when a node dies its entries expire and the next sweep, run by any node with members in the room,
 * removes those users and reports each one once. Every change is one Lua script, so two nodes never see
 * half of one. Keys of one room share the hash tag {@code {room}}.
 *
 * <p>While Redis is unreachable the answers come from this node's own connections: local presence keeps
 * working, and the renewal timer puts this node's entries back when Redis returns.
 *
 * <p>Node figures live in one hash {@code <prefix>nodes}, a field per node whose value is the figures as
 * JSON with the time of the report ({@code {"connections":5,"onlineUsers":3,"messagesLastMinute":12,
 * "at":<epoch ms>}}). Reading drops, in the same script, the reports older than {@value #NODE_REPORT_MAX_AGE_SECONDS} s:
 * those of nodes that stopped. The hash expires when no node has reported for twice that long.
 */
public final class RedisPresenceStore implements PresenceStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);

    /** How old a node's report may be before the node counts as gone. */
    static final long NODE_REPORT_MAX_AGE_SECONDS = 30;

    private static final long NODE_REPORT_MAX_AGE_MILLIS = TimeUnit.SECONDS.toMillis(NODE_REPORT_MAX_AGE_SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedissonClient redisson;
    private final String prefix;
    private final String nodeId;
    private final RedisHealth health;
    private final Duration lease;
    private final Clock clock;
    private final ConcurrentMap<Entry, Integer> mine = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;
    /** This node's last report, the answer to {@link #nodes()} while Redis cannot be reached. */
    private final ConcurrentMap<String, NodeFigures> ownReports = new ConcurrentHashMap<>();

    private record Entry(RoomName room, Username user) {}

    RedisPresenceStore(
            RedissonClient redisson, String prefix, String nodeId, RedisHealth health, Duration lease, Clock clock) {
        this.redisson = redisson;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.health = health;
        this.lease = lease;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-presence-renewer");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(250, lease.toMillis() / 4);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private String nodesKey() {
        return prefix + "nodes";
    }

    private String roomKey(RoomName room) {
        return prefix + "presence:{" + room.value() + "}";
    }

    private String userKey(RoomName room, Username user) {
        return roomKey(room) + ":" + user.value();
    }

    private long now() {
        return clock.millis();
    }

    @Override
    public boolean add(RoomName room, Username user) {
        Entry entry = new Entry(room, user);
        if (mine.merge(entry, 1, Integer::sum) > 1) {
            return false;
        }
        if (!health.isUp()) {
            return true;
        }
        try {
            long nodes = eval(
                    ARRIVE, room, user, nodeId, now() + lease.toMillis(), now(), user.value(), 2 * lease.toMillis());
            health.succeeded();
            return nodes == 1;
        } catch (RuntimeException e) {
            health.failed(e);
            return true;
        }
    }

    @Override
    public boolean remove(RoomName room, Username user) {
        Entry entry = new Entry(room, user);
        boolean[] last = {false};
        boolean known = mine.computeIfPresent(entry, (e, n) -> {
                            last[0] = n == 1;
                            return n == 1 ? null : n - 1;
                        })
                        != null
                || last[0];
        if (!known || !last[0]) {
            return false;
        }
        if (!health.isUp()) {
            return true;
        }
        try {
            long nodes = eval(DEPART, room, user, nodeId, now(), user.value());
            health.succeeded();
            return nodes == 0;
        } catch (RuntimeException e) {
            health.failed(e);
            return true;
        }
    }

    /** Only while Redis answers: otherwise {@link #users} knows this node's connections alone. */
    @Override
    public boolean answersForAllNodes() {
        return health.isUp();
    }

    @Override
    public List<Username> users(RoomName room) {
        if (health.isUp()) {
            try {
                Collection<String> names = RedisCalls.await(
                        redisson.<String>getScoredSortedSet(roomKey(room), StringCodec.INSTANCE)
                                .valueRangeAsync(now(), false, Double.POSITIVE_INFINITY, true),
                        health.timeout());
                health.succeeded();
                return names.stream().map(Username::new).sorted().toList();
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        TreeSet<Username> local = new TreeSet<>();
        mine.keySet().stream().filter(e -> e.room().equals(room)).forEach(e -> local.add(e.user()));
        return List.copyOf(local);
    }

    @Override
    public Map<RoomName, Integer> counts(Collection<RoomName> rooms) {
        List<RoomName> names = List.copyOf(rooms);
        if (health.isUp() && !names.isEmpty()) {
            RBatch batch = batch();
            long now = now();
            names.forEach(room -> batch.getScoredSortedSet(roomKey(room), StringCodec.INSTANCE)
                    .countAsync(now, false, Double.POSITIVE_INFINITY, true));
            try {
                BatchResult<?> result =
                        RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
                health.succeeded();
                Map<RoomName, Integer> counts = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    int count = ((Number) result.getResponses().get(i)).intValue();
                    if (count > 0) {
                        counts.put(names.get(i), count);
                    }
                }
                return counts;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        Map<RoomName, Integer> local = new HashMap<>();
        mine.keySet().stream()
                .filter(e -> rooms.contains(e.room()))
                .forEach(e -> local.merge(e.room(), 1, Integer::sum));
        return local;
    }

    @Override
    public List<Departure> departed(Collection<RoomName> rooms) {
        List<RoomName> names = List.copyOf(rooms);
        if (names.isEmpty() || !health.isUp()) {
            return List.of();
        }
        RBatch batch = batch();
        long now = now();
        for (RoomName room : names) {
            batch.getScript(StringCodec.INSTANCE)
                    .evalAsync(
                            roomKey(room),
                            RScript.Mode.READ_WRITE,
                            SWEEP,
                            RScript.ReturnType.MULTI,
                            List.of(roomKey(room)),
                            now,
                            roomKey(room) + ":");
        }
        try {
            BatchResult<?> result =
                    RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
            health.succeeded();
            List<Departure> gone = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (Object user : (List<?>) result.getResponses().get(i)) {
                    gone.add(new Departure(names.get(i), new Username(user.toString())));
                }
            }
            return gone;
        } catch (RuntimeException e) {
            health.failed(e);
            return List.of();
        }
    }

    @Override
    public void reportNode(String node, NodeFigures figures) {
        ownReports.put(node, figures);
        if (!health.isUp()) {
            return;
        }
        String report = JSON.createObjectNode()
                .put("connections", figures.connections())
                .put("onlineUsers", figures.onlineUsers())
                .put("messagesLastMinute", figures.messagesLastMinute())
                .put("at", now())
                .toString();
        RBatch batch = batch();
        batch.getMap(nodesKey(), StringCodec.INSTANCE).fastPutAsync(node, report);
        batch.getMap(nodesKey(), StringCodec.INSTANCE).expireAsync(Duration.ofMillis(2 * NODE_REPORT_MAX_AGE_MILLIS));
        try {
            RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
            health.succeeded();
        } catch (RuntimeException e) {
            health.failed(e);
        }
    }

    @Override
    public Map<String, NodeFigures> nodes() {
        if (health.isUp()) {
            try {
                List<Object> fresh = RedisCalls.await(
                        script().<List<Object>>evalAsync(
                                        nodesKey(),
                                        RScript.Mode.READ_WRITE,
                                        NODES,
                                        RScript.ReturnType.MULTI,
                                        List.of(nodesKey()),
                                        now() - NODE_REPORT_MAX_AGE_MILLIS),
                        health.timeout());
                health.succeeded();
                Map<String, NodeFigures> nodes = new HashMap<>();
                for (int i = 0; i + 1 < fresh.size(); i += 2) {
                    String node = fresh.get(i).toString();
                    figures(fresh.get(i + 1).toString()).ifPresent(f -> nodes.put(node, f));
                }
                return nodes;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return Map.copyOf(ownReports);
    }

    /** A report another program may have written: one that does not read as figures is left out. */
    private static Optional<NodeFigures> figures(String report) {
        try {
            JsonNode json = JSON.readTree(report);
            return Optional.of(new NodeFigures(
                    json.path("connections").asInt(),
                    json.path("onlineUsers").asInt(),
                    json.path("messagesLastMinute").asLong()));
        } catch (JsonProcessingException e) {
            log.debug("Ignoring a node report that is not JSON: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** Renews every entry of this node in one pipelined batch; after an outage this also puts them back. */
    private void renew() {
        if (mine.isEmpty()) {
            return;
        }
        if (!health.isUp() && !health.probe()) {
            return;
        }
        RBatch batch = batch();
        long now = now();
        for (Entry entry : mine.keySet()) {
            batch.getScript(StringCodec.INSTANCE)
                    .evalAsync(
                            roomKey(entry.room()),
                            RScript.Mode.READ_WRITE,
                            ARRIVE,
                            RScript.ReturnType.INTEGER,
                            List.of(roomKey(entry.room()), userKey(entry.room(), entry.user())),
                            nodeId,
                            now + lease.toMillis(),
                            now,
                            entry.user().value(),
                            2 * lease.toMillis());
        }
        try {
            RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
            health.succeeded();
        } catch (RuntimeException e) {
            health.failed(e);
        }
    }

    private RScript script() {
        return redisson.getScript(StringCodec.INSTANCE);
    }

    /** Runs one of the presence scripts on the room's and the user's keys, waiting at most the command timeout. */
    private long eval(String script, RoomName room, Username user, Object... args) {
        List<Object> keys = List.of(roomKey(room), userKey(room, user));
        return RedisCalls.await(
                script().<Long>evalAsync(
                                roomKey(room), RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, keys, args),
                health.timeout());
    }

    private RBatch batch() {
        return redisson.createBatch(BatchOptions.defaults()
                .retryAttempts(0)
                .responseTimeout(health.timeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    void stopRenewing() {
        renewer.shutdownNow();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        if (mine.isEmpty() || !health.isUp()) {
            return;
        }
        // A graceful stop says goodbye at once instead of leaving the entries to expire.
        RBatch batch = batch();
        long now = now();
        for (Entry entry : mine.keySet()) {
            batch.getScript(StringCodec.INSTANCE)
                    .evalAsync(
                            roomKey(entry.room()),
                            RScript.Mode.READ_WRITE,
                            DEPART,
                            RScript.ReturnType.INTEGER,
                            List.of(roomKey(entry.room()), userKey(entry.room(), entry.user())),
                            nodeId,
                            now,
                            entry.user().value());
        }
        try {
            RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
        } catch (RuntimeException e) {
            log.info("Could not remove this node's presence entries at shutdown; they expire within {}", lease);
        }
        mine.clear();
    }
}
