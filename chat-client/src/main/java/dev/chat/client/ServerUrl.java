package dev.chat.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A chat server's base URL in one canonical form ({@code http://host:port}), and its WebSocket's URL. */
public final class ServerUrl {

    private ServerUrl() {}

    /**
     * {@code localhost:8080} and {@code HTTP://Host:8080/} both become {@code http://host:8080}; other schemes are
     * refused with a {@link ClientException.Kind#BAD_URL}.
     */
    public static String normalise(String raw) {
        String text = raw.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(raw, "'" + raw + "' is not a server URL (like http://localhost:8080)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(raw, "'" + raw + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw bad(raw, "'" + raw + "' has no host name");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path;
    }

    private static ClientException bad(String raw, String message) {
        return ClientException.of(ClientException.Kind.BAD_URL, raw, message);
    }

    /** The WebSocket URL of a server: {@code ws://host/ws}, or {@code wss://} for https. */
    public static URI webSocket(String server) {
        return URI.create(server.replaceFirst("^http", "ws") + "/ws");
    }
}
