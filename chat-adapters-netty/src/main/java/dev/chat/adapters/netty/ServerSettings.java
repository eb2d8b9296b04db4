package dev.chat.adapters.netty;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param workerThreads threads for store calls, off the event loops
 * @param authThreads threads for password hashing (sign-in, registration, password changes), apart from the
 *                    workers so that a flood of sign-ins cannot delay anyone's messages
 * @param trustedProxies addresses or CIDR ranges of the proxies (load balancers) whose {@code X-Forwarded-For}
 *                       is believed; empty: the peer of the connection is the client
 * @param allowedHosts host names the server answers to besides IP addresses and {@code localhost}
 *                     (DNS rebinding); {@code *} lets any name through
 * @param publicUrl the address users reach the server at, if known: its host is allowed, its origin is the
 *                  server's own, and it starts the password reset links
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
        int authThreads,
        List<String> trustedProxies,
        List<String> allowedHosts,
        Optional<URI> publicUrl) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (workerThreads < 1 || authThreads < 1) {
            throw new IllegalArgumentException("workerThreads and authThreads must be positive");
        }
        for (String proxy : trustedProxies) {
            if (Cidr.parse(proxy).isEmpty()) {
                throw new IllegalArgumentException("not an address or CIDR range: " + proxy);
            }
        }
    }

    /** On loopback only, port 8080: a chat started on a laptop is not reachable from the network by surprise. */
    public static ServerSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerSettings(
                "127.0.0.1",
                8080,
                List.of(),
                Duration.ofSeconds(30),
                64 * 1024,
                64 * 1024,
                4 * 1024 * 1024,
                Duration.ofSeconds(20),
                false,
                Duration.ofDays(30),
                Math.max(4, 2 * cores),
                Math.max(1, cores / 2),
                List.of(),
                List.of(),
                Optional.empty());
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(
                value,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(
                host,
                value,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withAllowedOrigins(List<String> value) {
        return new ServerSettings(
                host,
                port,
                value,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withPingInterval(Duration value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                value,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withOutboundLimitBytes(int value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                value,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withShutdownGrace(Duration value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                value,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withSecureCookies(boolean value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                value,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withSessionMaxAge(Duration value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                value,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withTrustedProxies(List<String> value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                value,
                allowedHosts,
                publicUrl);
    }

    public ServerSettings withAllowedHosts(List<String> value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                value,
                publicUrl);
    }

    public ServerSettings withPublicUrl(URI value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                authThreads,
                trustedProxies,
                allowedHosts,
                Optional.ofNullable(value));
    }

    public ServerSettings withAuthThreads(int value) {
        return new ServerSettings(
                host,
                port,
                allowedOrigins,
                pingInterval,
                maxFrameBytes,
                maxBodyBytes,
                outboundLimitBytes,
                shutdownGrace,
                secureCookies,
                sessionMaxAge,
                workerThreads,
                value,
                trustedProxies,
                allowedHosts,
                publicUrl);
    }
}
