package dev.chat.adapters.netty;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP and WebSocket server behaves.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param allowedOrigins browser origins allowed to open sockets and post; empty means the server's own origin only
 * @param pingInterval how often an idle connection is pinged (keep below the load balancer's idle timeout)
 * @param maxFrameBytes the largest WebSocket message accepted; larger ones close the socket with 1009
 * @param maxBodyBytes the largest HTTP request body accepted
 * @param outboundLimitBytes how much may wait unsent for one slow client before it is disconnected
 * @param shutdownGrace how long a graceful shutdown may take
 * @param secureCookies mark the session cookie {@code Secure} (set it when clients reach the server over TLS)
 * @param sessionMaxAge the session cookie's lifetime
 * @param workerThreads threads for store calls and password hashing, off the event loops
 * @param maxConnectionsPerUser how many WebSockets one user may hold open on this node; the next handshake gets 429
 */
public record ServerSettings(
        String host,
        int port,
        List<String> allowedOrigins,
        Duration pingInterval,
        int maxFrameBytes,
        int maxBodyBytes,
        int outboundLimitBytes,
        Duration shutdownGrace,
        boolean secureCookies,
        Duration sessionMaxAge,
        int workerThreads,
        int maxConnectionsPerUser) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("maxConnectionsPerUser must be positive");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be positive");
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", 8080, List.of(), Duration.ofSeconds(30), 64 * 1024, 64 * 1024,
                4 * 1024 * 1024, Duration.ofSeconds(20), false, Duration.ofDays(30),
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 50);
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(value, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(host, value, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withAllowedOrigins(List<String> value) {
        return new ServerSettings(host, port, value, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withPingInterval(Duration value) {
        return new ServerSettings(host, port, allowedOrigins, value, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withOutboundLimitBytes(int value) {
        return new ServerSettings(host, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                value, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withShutdownGrace(Duration value) {
        return new ServerSettings(host, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, value, secureCookies, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withSecureCookies(boolean value) {
        return new ServerSettings(host, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, value, sessionMaxAge, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withSessionMaxAge(Duration value) {
        return new ServerSettings(host, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, value, workerThreads, maxConnectionsPerUser);
    }

    public ServerSettings withMaxConnectionsPerUser(int value) {
        return new ServerSettings(host, port, allowedOrigins, pingInterval, maxFrameBytes, maxBodyBytes,
                outboundLimitBytes, shutdownGrace, secureCookies, sessionMaxAge, workerThreads, value);
    }
}
