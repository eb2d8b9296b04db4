package dev.chat.adapters.netty;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files under {@code static/} on the classpath (where the web UI's jar puts them), read once and kept
 * with a content hash for the ETag. Only files that exist are kept, so the cache holds at most what the jar
 * does (and never more than {@value #MAX_CACHED} of them): a path that names nothing is looked up again each
 * time it is asked for, which costs a class path lookup on a worker, not memory.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final String root;
    private final ClassLoader loader;
    static final int MAX_CACHED = 1_000;

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    StaticFiles(String root, ClassLoader loader) {
        this.root = root;
        this.loader = loader;
    }

    Optional<Asset> find(String path) {
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        if (path.contains("..") || path.contains("\\") || path.contains("//") || path.contains("/./")
                || !path.startsWith("/")) {
            return Optional.empty();
        }
        Asset cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Asset> loaded = load(path);
        if (loaded.isPresent() && cache.size() < MAX_CACHED) {
            cache.putIfAbsent(path, loaded.get());
        }
        return loaded;
    }

    /** How many files are kept (for tests of its bound). */
    int cached() {
        return cache.size();
    }

    private Optional<Asset> load(String path) {
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String extension = path.substring(path.lastIndexOf('.') + 1);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return Optional.of(new Asset(body, type, '"' + HexFormat.of().formatHex(digest, 0, 12) + '"'));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    record Asset(byte[] body, String contentType, String etag) {
    }
}
