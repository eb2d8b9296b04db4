package dev.chat.adapters.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach Redis, learnt from every command and from a probe when idle. A change is
 * logged once, in one line each way, however many commands fail meanwhile; work that has to wait for
 * Redis to return registers with {@link #whenBack}.
 */
final class RedisHealth {

    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);

    private final RedissonClient redisson;
    private final String probeKey;
    private final String where;
    private final Duration timeout;
    private final List<Runnable> onBack = new ArrayList<>();
    private boolean up = true;
    private long downSince;
    private final AtMostEvery probes = new AtMostEvery(Duration.ofSeconds(1));

    RedisHealth(RedissonClient redisson, String probeKey, String where, Duration timeout) {
        this.redisson = redisson;
        this.probeKey = probeKey;
        this.where = where;
        this.timeout = timeout;
    }

    synchronized boolean isUp() {
        return up;
    }

    Duration timeout() {
        return timeout;
    }

    void failed(Throwable cause) {
        synchronized (this) {
            if (!up) {
                return;
            }
            up = false;
            downSince = System.nanoTime();
        }
        log.warn(
                "Lost Redis at {} ({}): this node keeps serving its own clients; other nodes catch up from "
                        + "the store when it returns",
                where,
                brief(cause));
    }

    void succeeded() {
        List<Runnable> waiting;
        long seconds;
        synchronized (this) {
            if (up) {
                return;
            }
            up = true;
            seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince);
            waiting = List.copyOf(onBack);
            onBack.clear();
        }
        log.info("Redis at {} is back after {} s; resubscribing and catching up from the store", where, seconds);
        for (Runnable r : waiting) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("Recovery step after Redis returned failed", e);
            }
        }
    }

    /** The exception's class and the start of its first line: Redisson's messages can run to pages. */
    private static String brief(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        if (message.length() > 120) {
            message = message.substring(0, 120) + "…";
        }
        return cause.getClass().getSimpleName() + ": " + message;
    }

    /** Runs {@code action} the next time Redis answers after being lost (at once if it is up now). */
    void whenBack(Runnable action) {
        synchronized (this) {
            if (!up) {
                onBack.add(action);
                return;
            }
        }
        action.run();
    }

    /** Asks Redis a trivial question, at most once a second; returns whether it is up now. */
    boolean probe() {
        if (!probes.due()) {
            return isUp();
        }
        try {
            redisson.getBucket(probeKey, StringCodec.INSTANCE)
                    .isExistsAsync()
                    .toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(e);
        }
        return isUp();
    }
}
