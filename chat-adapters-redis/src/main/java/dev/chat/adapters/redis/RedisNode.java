package dev.chat.adapters.redis;

import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.PresenceStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.DelayStrategy;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.SingleServerConfig;

/**
 * This node's connection to Redis, and the fan-out and presence store that share it. One per process;
 * {@link #close()} it at shutdown, after the core.
 */
public final class RedisNode implements AutoCloseable {

    private final RedissonClient redisson;
    private final RedisFanout fanout;
    private final RedisPresenceStore presence;
    private final RedisLimitStore limits;
    private final RedisHealth health;

    private RedisNode(RedissonClient redisson, RedisSettings settings, Clock clock) {
        this.redisson = redisson;
        String nodeId = UUID.randomUUID().toString();
        this.health = new RedisHealth(
                redisson, settings.keyPrefix() + "health", settings.safeUrl(), settings.commandTimeout());
        this.fanout = new RedisFanout(redisson, settings.keyPrefix(), nodeId, health);
        this.presence =
                new RedisPresenceStore(redisson, settings.keyPrefix(), nodeId, health, settings.presenceLease(), clock);
        this.limits = new RedisLimitStore(redisson, settings.keyPrefix(), health, settings.presenceLease(), clock);
    }

    /** Connects, failing at once if Redis cannot be reached now; later outages are survived. */
    public static RedisNode connect(RedisSettings settings) {
        return connect(settings, Clock.systemUTC());
    }

    public static RedisNode connect(RedisSettings settings, Clock clock) {
        RedissonClient redisson;
        try {
            redisson = Redisson.create(config(settings));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot reach Redis at " + settings.safeUrl() + ": " + e.getMessage(), e);
        }
        return new RedisNode(redisson, settings, clock);
    }

    /**
     * How soon a lost connection is tried again: Redisson's default backs off to 10 s, so a node could count
     * limits alone and miss events for 10 s after Redis is back; one try a second per node is cheap.
     */
    private static final DelayStrategy RECONNECTION =
            new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(1));

    /** One server (ElastiCache's primary endpoint), TLS for {@code rediss://}, AUTH from the URL's user info. */
    static Config config(RedisSettings settings) {
        URI url = settings.url();
        Config config = new Config();
        config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
        SingleServerConfig server = config.useSingleServer()
                .setAddress(url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()))
                .setConnectTimeout(2_000)
                .setTimeout((int) settings.commandTimeout().toMillis())
                .setRetryAttempts(1)
                .setPingConnectionInterval(5_000)
                .setReconnectionDelay(RECONNECTION)
                .setConnectionMinimumIdleSize(2)
                .setSubscriptionConnectionMinimumIdleSize(1);
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            if (!user.isEmpty()) {
                server.setUsername(user);
            }
            if (!password.isEmpty()) {
                server.setPassword(password);
            }
        }
        return config;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether Redis answered the last call made to it (false from a failure until it answers again). */
    public boolean isConnected() {
        return health.isUp();
    }

    public Fanout fanout() {
        return fanout;
    }

    /** The fan-out with what only this adapter offers (counters for tests and benchmarks). */
    public RedisFanout redisFanout() {
        return fanout;
    }

    public PresenceStore presence() {
        return presence;
    }

    /** The limits' counters, shared by every node. */
    public LimitStore limits() {
        return limits;
    }

    @Override
    public void close() {
        fanout.close();
        presence.close();
        limits.close();
        redisson.shutdown();
    }

    /** Stops talking to Redis without a goodbye, as a killed process would: for tests of what others see. */
    void vanish() {
        presence.stopRenewing();
        limits.stopRenewing();
        fanout.close();
        redisson.shutdown();
    }
}
