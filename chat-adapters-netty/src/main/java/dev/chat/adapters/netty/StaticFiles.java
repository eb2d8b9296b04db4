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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files under {@code static/} on the classpath (where the web UI's jar puts them), read once and kept with a
 * content hash for the ETag. Which files there are is listed once, when the server starts: a request for any
 * other path is answered from that list, without asking the class loader (the JDK's class loader remembers,
 * in a cache of its own, every name it was asked for, found or not), and nothing is kept for it. So what is
 * kept is bounded by the files that exist (and by {@value #MAX_CACHED}), whatever strangers ask for.
 *
 * <p>A file's {@code <name>.gz} next to it (the web UI's build writes one for each text file) is not a file of
 * its own: it is the gzip encoding of {@code <name>}, kept with it, with an ETag of its own. A file whose name
 * holds the start of its content's SHA-256 ({@code vendor/vue.1a2b3c4d5e6f.js}) can never change under that
 * name, so it is marked {@linkplain Asset#immutable() immutable}.
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

    static final String GZIP_SUFFIX = ".gz";
    /** {@code name.<12 hex digits>.ext}: the web UI's build names vendor files after their content's SHA-256. */
    private static final Pattern FINGERPRINTED = Pattern.compile("[^/]*\\.([0-9a-f]{12})\\.[A-Za-z0-9]+$");

    private static final Pattern Q_ZERO = Pattern.compile("0(\\.0{0,3})?");

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
        if (!files.contains(path) || isEncodingOfAnother(path)) {
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

    /** {@code app.js.gz} is {@code app.js} gzipped, sent as that file's encoding, not under a name of its own. */
    private boolean isEncodingOfAnother(String path) {
        return path.endsWith(GZIP_SUFFIX) && files.contains(path.substring(0, path.length() - GZIP_SUFFIX.length()));
    }

    /**
     * Whether a request's {@code Accept-Encoding} allows gzip: named (or {@code *}) without {@code q=0}, the
     * named coding deciding over {@code *}.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean wildcard = false;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean allowed = true;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    allowed = !Q_ZERO.matcher(parameter.substring(2).strip()).matches();
                }
            }
            if (name.equals("gzip") || name.equals("x-gzip")) {
                return allowed;
            }
            if (name.equals("*")) {
                wildcard = allowed;
            }
        }
        return wildcard;
    }

    /** How many files are kept (for tests of its bound). */
    int cached() {
        return cache.size();
    }

    private Optional<Asset> load(String path) {
        try {
            Optional<byte[]> found = read(path);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            byte[] body = found.get();
            String extension = path.substring(path.lastIndexOf('.') + 1);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            String hash = sha256(body);
            Variant identity = new Variant(body, '"' + hash.substring(0, 24) + '"');
            Variant gzip = null;
            Optional<byte[]> gzipped = files.contains(path + GZIP_SUFFIX) ? read(path + GZIP_SUFFIX) : Optional.empty();
            if (gzipped.isPresent()) {
                gzip = new Variant(gzipped.get(), '"' + sha256(gzipped.get()).substring(0, 24) + "-gzip\"");
            }
            Matcher name = FINGERPRINTED.matcher(path);
            boolean immutable = name.find() && hash.startsWith(name.group(1));
            return Optional.of(new Asset(identity, gzip, type, immutable));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> read(String path) throws IOException {
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    private static String sha256(byte[] body) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** One encoding of a file: its bytes and their ETag. */
    record Variant(byte[] body, String etag) {}

    /**
     * A file: as it is, gzipped when the build made that smaller ({@code null} otherwise), and whether its name
     * names its content (so it may be kept for good).
     */
    record Asset(Variant identity, Variant gzip, String contentType, boolean immutable) {

        /** The encoding to send: gzip when there is one and the client takes it. */
        Variant choose(boolean acceptsGzip) {
            return acceptsGzip && gzip != null ? gzip : identity;
        }
    }
}
