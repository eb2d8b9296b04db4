package dev.chat.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and how presence behaves.
 *
 * @param url            {@code redis://host:port} or {@code rediss://host:port} (TLS), with an optional
 *                       password as {@code redis://:password@host:port} or user and password
 *                       ({@code redis://user:password@host:port}, Redis 6 ACL / ElastiCache RBAC)
 * @param keyPrefix      prepended to every channel and key, so deployments can share a Redis
 * @param presenceLease  how long a node's presence entries and connection holds live unless renewed: the
 *                       bound on ghost users, and on connection places held by a node, after it dies
 * @param commandTimeout how long one Redis command may take before it counts as failed
 */
public record RedisSettings(URI url, String keyPrefix, Duration presenceLease, Duration commandTimeout) {

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(presenceLease, "presenceLease");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("A Redis URL is redis://host:port or rediss://host:port");
        }
        if (presenceLease.toMillis() < 1_000) {
            throw new IllegalArgumentException("The presence lease must be at least one second");
        }
    }

    /** Keys under {@code chat:}, presence entries that outlive a dead node by at most 20 s. */
    public static RedisSettings of(URI url) {
        return new RedisSettings(url, "chat:", Duration.ofSeconds(20), Duration.ofSeconds(2));
    }

    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(url, prefix, presenceLease, commandTimeout);
    }

    public RedisSettings withPresenceLease(Duration lease) {
        return new RedisSettings(url, keyPrefix, lease, commandTimeout);
    }

    /** The URL without its password, for logs. */
    String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
