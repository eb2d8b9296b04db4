package dev.chat.adapters.redis;

import dev.chat.core.memory.InMemoryLimitStore;
import dev.chat.core.port.out.LimitStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The limits' counters in Redis, shared by every node: a client spread over several nodes gets the limit it
 * would get on one. Each operation is one Lua script on one key, so it is atomic and costs one round trip;
 * times come from the calling node's clock (a skew between nodes moves a refill by as much).
 *
 * <ul>
 *   <li>A token bucket is a hash {@code <prefix>limit:<key>} of its tokens and when they were counted; it
 *       expires once it would be full again.</li>
 *   <li>An attempt counter is a hash of failures and the time before which no attempt may start; it
 *       expires a day after the last attempt.</li>
 *   <li>What is remembered is a plain key holding when it is forgotten (by the nodes' clocks), with a time
 *       to live that deletes it then.</li>
 *   <li>Holds are a sorted set per key whose members are holds, scored by when their lease ends. Each node
 *       renews its own holds every quarter lease, so the holds of a node that died lapse within a lease
 *       (the presence lease of {@link RedisSettings}, 20 s by default).</li>
 * </ul>
 *
 * <p>While Redis cannot be reached, every answer comes from this node alone (an {@link InMemoryLimitStore},
 * and this node's own holds): limits then hold per node, as without Redis. When it answers again, this
 * node's holds are put back by the next renewal.
 */
public final class RedisLimitStore implements LimitStore, AutoCloseable {

    private static final Duration ATTEMPTS_KEPT = Duration.ofDays(1);

    /** KEYS: bucket. ARGV: size, refill period ms, now ms. Returns 0 when taken, else the wait in ms. */
    private static final String TAKE = """
            local size = tonumber(ARGV[1])
            local per = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local b = redis.call('HMGET', KEYS[1], 't', 'u')
            local tokens = tonumber(b[1])
            local updated = tonumber(b[2])
            if tokens == nil or updated == nil then
              tokens = size
              updated = now
            end
            if now > updated then
              tokens = math.min(size, tokens + (now - updated) * size / per)
              updated = now
            end
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.max(1, math.ceil((1 - tokens) * per / size))
            end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(updated))
            redis.call('PEXPIRE', KEYS[1], per)
            return wait
            """;

    /** KEYS: bucket. ARGV: size. Puts one token back into a bucket that exists. */
    private static final String GIVE_BACK = """
            local tokens = tonumber(redis.call('HGET', KEYS[1], 't'))
            if tokens ~= nil then
              redis.call('HSET', KEYS[1], 't', tostring(math.min(tonumber(ARGV[1]), tokens + 1)))
            end
            return 0
            """;

    /**
     * KEYS: attempts. ARGV: free failures, first wait ms, most wait ms, now ms, key ttl ms. Returns -1 when the
     * attempt goes ahead (counted as a failure), else the wait in ms.
     */
    private static final String ATTEMPT = """
            local a = redis.call('HMGET', KEYS[1], 'f', 'n')
            local failures = tonumber(a[1]) or 0
            local notBefore = tonumber(a[2]) or 0
            local now = tonumber(ARGV[4])
            if now < notBefore then
              return notBefore - now
            end
            failures = failures + 1
            local wait = 0
            if failures >= tonumber(ARGV[1]) then
              local doublings = math.min(failures - tonumber(ARGV[1]), 30)
              wait = math.floor(math.min(tonumber(ARGV[2]) * 2 ^ doublings, tonumber(ARGV[3])))
            end
            redis.call('HSET', KEYS[1], 'f', failures, 'n', now + wait)
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return -1
            """;

    /**
     * KEYS: holds. ARGV: most, member, lease end ms, now ms, key ttl ms, then members this node has let go of
     * whose removal may not have arrived yet. Returns 1 when held, 0 when full.
     */
    private static final String HOLD = """
            for i = 6, #ARGV do
              redis.call('ZREM', KEYS[1], ARGV[i])
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;

    /** KEYS: holds. ARGV: member, lease end ms, key ttl ms. */
    private static final String RENEW = """
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 0
            """;

    private final RedissonClient redisson;
    private final String prefix;
    private final RedisHealth health;
    private final Clock clock;
    private final InMemoryLimitStore local;
    private final String nodeId = UUID.randomUUID().toString();
    /** This node's holds, by key: what the renewal writes, and what is counted while Redis is away. */
    private final Map<String, Set<RedisHold>> mine = new ConcurrentHashMap<>();
    /**
     * Holds let go of whose removal is on its way, by key: a removal is not waited for, and Redisson may send the
     * next {@code hold} on another connection ahead of it, so that {@code hold} removes them itself first.
     */
    private final Map<String, Set<String>> releasing = new ConcurrentHashMap<>();

    private final ScheduledExecutorService renewer;
    private final Duration lease;
    private long holds;

    RedisLimitStore(RedissonClient redisson, String prefix, RedisHealth health, Duration lease, Clock clock) {
        this.redisson = redisson;
        this.lease = lease;
        this.prefix = prefix + "limit:";
        this.health = health;
        this.clock = clock;
        this.local = new InMemoryLimitStore(clock);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-limit-renewer");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(250, lease.toMillis() / 4);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private String key(String key) {
        return prefix + key;
    }

    private Long eval(String key, String script, Object... args) {
        RScript scripts = redisson.getScript(StringCodec.INSTANCE);
        Long result = RedisCalls.await(
                scripts.<Long>evalAsync(
                        key(key), RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key(key)), args),
                health.timeout());
        health.succeeded();
        return result;
    }

    @Override
    public Optional<Duration> take(String key, Rate rate) {
        if (health.isUp()) {
            try {
                long wait = eval(key, TAKE, rate.count(), rate.per().toMillis(), clock.millis());
                return wait == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local.take(key, rate);
    }

    @Override
    public void giveBack(String key, Rate rate) {
        if (health.isUp()) {
            try {
                eval(key, GIVE_BACK, rate.count());
                return;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        local.giveBack(key, rate);
    }

    @Override
    public Optional<Duration> beginAttempt(String key, Backoff backoff) {
        if (health.isUp()) {
            try {
                long wait = eval(
                        key,
                        ATTEMPT,
                        backoff.free(),
                        backoff.first().toMillis(),
                        backoff.max().toMillis(),
                        clock.millis(),
                        ATTEMPTS_KEPT.toMillis());
                return wait < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(1, wait)));
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local.beginAttempt(key, backoff);
    }

    @Override
    public void clearAttempts(String key) {
        local.clearAttempts(key);
        if (health.isUp()) {
            try {
                RedisCalls.await(
                        redisson.getBucket(key(key), StringCodec.INSTANCE).deleteAsync(), health.timeout());
                health.succeeded();
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
    }

    @Override
    public void remember(String key, Duration ttl) {
        local.remember(key, ttl);
        if (health.isUp()) {
            try {
                String until = Long.toString(clock.millis() + ttl.toMillis());
                RedisCalls.await(
                        redisson.<String>getBucket(key(key), StringCodec.INSTANCE)
                                .setAsync(until, ttl),
                        health.timeout());
                health.succeeded();
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
    }

    @Override
    public boolean remembers(String key) {
        if (health.isUp()) {
            try {
                String until = RedisCalls.await(
                        redisson.<String>getBucket(key(key), StringCodec.INSTANCE)
                                .getAsync(),
                        health.timeout());
                health.succeeded();
                return until != null && Long.parseLong(until) > clock.millis();
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local.remembers(key);
    }

    @Override
    public Optional<Hold> hold(String key, int max) {
        RedisHold hold;
        synchronized (this) {
            hold = new RedisHold(key, nodeId + ":" + ++holds);
        }
        boolean held;
        if (health.isUp()) {
            try {
                long now = clock.millis();
                List<Object> args =
                        new ArrayList<>(List.of(max, hold.member, now + lease.toMillis(), now, 2 * lease.toMillis()));
                args.addAll(releasing.getOrDefault(key, Set.of()));
                held = eval(key, HOLD, args.toArray()) == 1;
            } catch (RuntimeException e) {
                health.failed(e);
                held = countLocally(key, max);
            }
        } else {
            held = countLocally(key, max);
        }
        if (!held) {
            return Optional.empty();
        }
        mine.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(hold);
        return Optional.of(hold);
    }

    /** While Redis is away: this node's own holds of the key are all that is counted. */
    private boolean countLocally(String key, int max) {
        Set<RedisHold> held = mine.get(key);
        return held == null || held.size() < max;
    }

    /** Renews every hold of this node in one pipelined batch; after an outage this also puts them back. */
    private void renew() {
        if (mine.isEmpty() || (!health.isUp() && !health.probe())) {
            return;
        }
        RBatch batch = redisson.createBatch(BatchOptions.defaults()
                .skipResult()
                .retryAttempts(0)
                .responseTimeout(health.timeout().toMillis(), TimeUnit.MILLISECONDS));
        long end = clock.millis() + lease.toMillis();
        mine.forEach((key, held) -> held.forEach(hold -> batch.getScript(StringCodec.INSTANCE)
                .evalAsync(
                        key(key),
                        RScript.Mode.READ_WRITE,
                        RENEW,
                        RScript.ReturnType.INTEGER,
                        List.of(key(key)),
                        hold.member,
                        end,
                        2 * lease.toMillis())));
        try {
            RedisCalls.await(batch.executeAsync(), health.timeout().multipliedBy(2));
            health.succeeded();
        } catch (RuntimeException e) {
            health.failed(e);
        }
    }

    /** How many holds this node has (for tests). */
    int holdsHere() {
        return mine.values().stream().mapToInt(Set::size).sum();
    }

    /** Stops renewing without releasing, as a killed process would: for tests of what the other nodes see. */
    void stopRenewing() {
        renewer.shutdownNow();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /**
     * One place held by this node; closing it gives it back at once on this node, on the others once Redis has the
     * removal (or at the lease's end, if Redis is away).
     */
    private final class RedisHold implements Hold {
        private final String key;
        private final String member;
        private final AtomicBoolean released = new AtomicBoolean();

        RedisHold(String key, String member) {
            this.key = key;
            this.member = member;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            mine.computeIfPresent(key, (k, held) -> {
                held.remove(this);
                return held.isEmpty() ? null : held;
            });
            if (health.isUp()) {
                // Not waited for: a close may come from an event loop. A lost removal lapses with the lease.
                releasing
                        .computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                        .add(member);
                redisson.getScoredSortedSet(key(key), StringCodec.INSTANCE)
                        .removeAsync(member)
                        .whenComplete((removed, failure) -> {
                            releasing.computeIfPresent(key, (k, members) -> {
                                members.remove(member);
                                return members.isEmpty() ? null : members;
                            });
                            if (failure != null) {
                                health.failed(failure);
                            }
                        });
            }
        }
    }
}
