package dev.chat.adapters.netty;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Files under {@code static/} on the classpath (where the web UI's jar puts them), read once and kept with a
 * content hash for the ETag. Which files there are is listed once, when the server starts: a request for any
 * other path is answered from that list, without asking the class loader (the JDK's class loader remembers,
 * in a cache of its own, every name it was asked for, found or not), and nothing is kept for it. So what is
 * kept is bounded by the files that exist (and by {@value #MAX_CACHED}), whatever strangers ask for.
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
    private final Set<String> files;

    StaticFiles(String root, ClassLoader loader) {
        this.root = root;
        this.loader = loader;
        this.files = list(root, loader);
    }

    /** The paths ({@code /index.html}, …) of every file under {@code root} in the class path's jars and folders. */
    private static Set<String> list(String root, ClassLoader loader) {
        Set<String> found = new HashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(root))) {
                if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream()
                                .filter(e -> !e.isDirectory() && e.getName().startsWith(root + "/"))
                                .forEach(e -> found.add(e.getName().substring(root.length())));
                    }
                } else if ("file".equals(url.getProtocol())) {
                    Path dir = Path.of(url.toURI());
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.filter(Files::isRegularFile)
                                .forEach(f -> found.add(
                                        "/" + dir.relativize(f).toString().replace('\\', '/')));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the static files under " + root + ": " + e.getMessage(), e);
        }
        return Set.copyOf(found);
    }

    Optional<Asset> find(String path) {
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        if (path.contains("..")
                || path.contains("\\")
                || path.contains("//")
                || path.contains("/./")
                || !path.startsWith("/")) {
            return Optional.empty();
        }
        if (!files.contains(path)) {
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

    record Asset(byte[] body, String contentType, String etag) {}
}
