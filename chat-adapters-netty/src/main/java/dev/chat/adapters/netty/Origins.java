package dev.chat.adapters.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a browser origin may use the API. A request without {@code Origin} is not from a
 * browser page and is allowed; with an empty allow-list only the server's own origin (same host and
 * port as the {@code Host} header) is.
 */
final class Origins {

    private final List<String> allowed;

    Origins(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")).toList();
    }

    boolean allows(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String normalised = origin.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (!allowed.isEmpty()) {
            return allowed.contains("*") || allowed.contains(normalised);
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(normalised);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            String authority = uri.getHost() + ":" + port;
            String hostHeader = host.toLowerCase(Locale.ROOT);
            return hostHeader.equals(authority) || (hostHeader.equals(uri.getHost()) && (port == 80 || port == 443));
        } catch (Exception e) {
            return false;
        }
    }
}
