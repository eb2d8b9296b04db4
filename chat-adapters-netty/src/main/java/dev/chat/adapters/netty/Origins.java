package dev.chat.adapters.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a browser origin may use the API. A request without {@code Origin} is not from a
 * browser page and is allowed; with an empty allow-list only the server's own origin is: the same scheme
 * ({@code https} when the request came over TLS, as the proxy says, else {@code http}), host and port as the
 * {@code Host} header, or the public URL's origin.
 */
final class Origins {

    private final List<String> allowed;
    private final Optional<String> publicOrigin;

    Origins(List<String> allowed) {
        this(allowed, Optional.empty());
    }

    Origins(List<String> allowed, Optional<URI> publicUrl) {
        this.allowed = allowed.stream().map(Origins::normalise).toList();
        this.publicOrigin = publicUrl.map(url -> normalise(url.getScheme() + "://" + url.getRawAuthority()));
    }

    private static String normalise(String origin) {
        return origin.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    }

    /** {@code secure}: whether the request reached the server (or its proxy) over TLS. */
    boolean allows(HttpRequest request, boolean secure) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        if (!allowed.isEmpty()) {
            return allowed.contains("*") || allowed.contains(normalised);
        }
        if (publicOrigin.isPresent() && publicOrigin.get().equals(normalised)) {
            return true;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(normalised);
            String scheme = secure ? "https" : "http";
            if (uri.getHost() == null || !scheme.equals(uri.getScheme())) {
                return false;
            }
            int defaultPort = secure ? 443 : 80;
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort;
            String hostHeader = host.toLowerCase(Locale.ROOT);
            return hostHeader.equals(uri.getHost() + ":" + port)
                    || (hostHeader.equals(uri.getHost()) && port == defaultPort);
        } catch (Exception e) {
            return false;
        }
    }
}
