import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web UI's build step, run by the JDK alone ({@code java WebAssets.java …}, from webui/pom.xml through
 * maven-antrun-plugin, in process-classes), so building needs no Node. On the static folder the jar will hold, it:
 *
 * <ol>
 *   <li>copies each vendor file to {@code vendor/<stem>.<first 12 hex digits of its SHA-256>.<ext>}
 *       ({@code vue.runtime.esm-browser.prod.js} becomes {@code vue.1a2b3c4d5e6f.js}), a name that changes
 *       whenever the content does, so the server may let browsers keep it for a year;
 *   <li>rewrites every reference to a vendor file in the HTML, JavaScript and CSS to that name (the sources keep
 *       naming {@code vendor/vue.runtime.esm-browser.prod.js}; an earlier build's fingerprint is rewritten too);
 *   <li>names the build in {@code index.html} ({@code <meta name="chat-build" content="<hash of every other
 *       file>">}), for the service worker;
 *   <li>writes {@code <file>.gz} (gzip, level 9) next to every text file it makes smaller, for the server to send
 *       to browsers that accept gzip.
 * </ol>
 *
 * <p>Usage: {@code java WebAssets.java <static dir> <vendor file>...}; a vendor file without a dot in its name
 * ({@code LICENSE-vue}) is copied as it is. Running it twice gives the same files.
 */
public final class WebAssets {

    private static final int HASH_HEX = 12;
    private static final Pattern BUILD = Pattern.compile("(<meta name=\"chat-build\" content=\")[^\"]*(\">)");
    private static final Set<String> TEXT = Set.of("html", "js", "mjs", "css", "svg", "json", "map", "txt");

    private WebAssets() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java WebAssets.java <static dir> <vendor file>...");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path vendor = root.resolve("vendor");
        Files.createDirectories(vendor);
        Map<Pattern, String> renames = new LinkedHashMap<>();
        List<String> written = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path source = Path.of(args[i]);
            String name = source.getFileName().toString();
            if (name.indexOf('.') < 0) {
                Files.write(vendor.resolve(name), Files.readAllBytes(source)); // LICENSE-vue: kept as it is
                written.add(name);
                continue;
            }
            String stem = name.substring(0, name.indexOf('.'));
            String ext = name.substring(name.lastIndexOf('.') + 1);
            byte[] body = Files.readAllBytes(source);
            String fingerprinted = stem + "." + sha256(body).substring(0, HASH_HEX) + "." + ext;
            Files.write(vendor.resolve(fingerprinted), body);
            written.add(fingerprinted);
            renames.put(
                    Pattern.compile("vendor/(?:" + Pattern.quote(name) + "|" + Pattern.quote(stem) + "\\.[0-9a-f]{"
                            + HASH_HEX + "}\\." + Pattern.quote(ext) + ")(?![0-9A-Za-z.])"),
                    "vendor/" + fingerprinted);
        }
        removeStale(vendor, written);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String ext = extension(file);
                if (!file.startsWith(vendor) && (ext.equals("html") || ext.equals("js") || ext.equals("css"))) {
                    rewrite(file, renames);
                }
            }
        }
        stampBuild(root);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String ext = extension(file);
                if (ext.equals("gz")) {
                    if (!Files.exists(Path.of(file.toString().substring(0, file.toString().length() - 3)))) {
                        Files.delete(file);
                    }
                    continue;
                }
                if (TEXT.contains(ext)) {
                    compress(file);
                }
            }
        }
    }

    /**
     * Deletes whatever else is in {@code vendor/} (an earlier build's copies under other names): the folder is
     * this program's output alone, so the jar holds only the files this build names.
     */
    private static void removeStale(Path vendor, List<String> written) throws IOException {
        try (Stream<Path> files = Files.list(vendor)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
                if (!written.contains(base)) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * Names this build in {@code index.html}'s {@code <meta name="chat-build">}: a hash of every other file, so
     * the page changes whenever any file does. The service worker keeps one cache per build and serves the page's
     * files from the cache of the build the page names.
     */
    private static void stampBuild(Path root) throws IOException {
        Path index = root.resolve("index.html");
        MessageDigest digest = sha256();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(index) && !extension(f).equals("gz"))
                    .sorted()
                    .toList()) {
                digest.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
            }
        }
        String build = HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX);
        String page = Files.readString(index, StandardCharsets.UTF_8);
        String stamped = BUILD.matcher(page).replaceFirst("$1" + build + "$2");
        if (stamped.equals(page) && !page.contains(build)) {
            throw new IllegalStateException("index.html has no <meta name=\"chat-build\" content=\"…\">");
        }
        Files.writeString(index, stamped, StandardCharsets.UTF_8);
    }

    private static void rewrite(Path file, Map<Pattern, String> renames) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String changed = extension(file).equals("js") ? withoutCommentLines(text) : text;
        for (Map.Entry<Pattern, String> rename : renames.entrySet()) {
            changed = rename.getKey().matcher(changed).replaceAll(Matcher.quoteReplacement(rename.getValue()));
        }
        if (!changed.equals(text)) {
            Files.writeString(file, changed, StandardCharsets.UTF_8);
        }
    }

    /**
     * The module without the lines that hold only a comment: the sources explain themselves at
     * length, and a phone should not download that (about 15% of the gzipped modules). Everything else is kept byte
     * for byte, comments after code included. The lexer knows strings, template literals (with {@code ${…}}
     * nested), regular expression literals and both kinds of comment, so a line that merely looks like a comment
     * inside a template literal or a string stays.
     */
    static String withoutCommentLines(String js) {
        boolean[] comment = new boolean[js.length()];
        int i = 0;
        int n = js.length();
        java.util.ArrayDeque<Integer> templates = new java.util.ArrayDeque<>(); // brace depth at each ${
        int braces = 0;
        char previous = '\n'; // the last significant character outside comments: decides whether / is a regex
        String word = "";
        while (i < n) {
            char c = js.charAt(i);
            if (c == '/' && i + 1 < n && js.charAt(i + 1) == '/') {
                int end = js.indexOf('\n', i);
                end = end < 0 ? n : end;
                java.util.Arrays.fill(comment, i, end, true);
                i = end;
            } else if (c == '/' && i + 1 < n && js.charAt(i + 1) == '*') {
                int end = js.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                java.util.Arrays.fill(comment, i, end, true);
                i = end;
            } else if (c == '\'' || c == '"') {
                i = skipQuoted(js, i, c);
                previous = c;
            } else if (c == '`') {
                int open = templates.size();
                i = skipTemplate(js, i + 1, templates, braces);
                braces += templates.size() - open; // a ${ opened
                previous = '`';
            } else if (c == '/' && regexMayStart(previous, word)) {
                i = skipRegex(js, i);
                previous = '/';
            } else {
                if (c == '{') {
                    braces++;
                } else if (c == '}') {
                    if (!templates.isEmpty() && templates.peek() == braces) {
                        templates.pop();
                        braces--;
                        int open = templates.size();
                        i = skipTemplate(js, i + 1, templates, braces);
                        braces += templates.size() - open;
                        previous = '`';
                        word = "";
                        continue;
                    }
                    braces--;
                }
                if (!Character.isWhitespace(c)) {
                    word = Character.isJavaIdentifierPart(c) ? (Character.isJavaIdentifierPart(previous) ? word : "") + c : "";
                    previous = c;
                }
                i++;
            }
        }
        StringBuilder out = new StringBuilder(n);
        int start = 0;
        while (start < n) {
            int end = js.indexOf('\n', start);
            end = end < 0 ? n : end + 1;
            boolean onlyComment = true;
            boolean any = false;
            for (int k = start; k < end; k++) {
                char c = js.charAt(k);
                if (comment[k]) {
                    any = true;
                } else if (!Character.isWhitespace(c)) {
                    onlyComment = false;
                    break;
                }
            }
            if (!(onlyComment && any)) {
                out.append(js, start, end);
            }
            start = end;
        }
        return out.toString();
    }

    private static boolean regexMayStart(char previous, String word) {
        if (Character.isJavaIdentifierPart(previous)) {
            return word.equals("return") || word.equals("typeof") || word.equals("case") || word.equals("in")
                    || word.equals("of") || word.equals("void") || word.equals("delete") || word.equals("throw");
        }
        return previous != ')' && previous != ']' && previous != '}' && previous != '"' && previous != '\''
                && previous != '`';
    }

    private static int skipQuoted(String js, int i, char quote) {
        int k = i + 1;
        while (k < js.length() && js.charAt(k) != quote) {
            k += js.charAt(k) == '\\' ? 2 : 1;
        }
        return k + 1;
    }

    /** From just inside a template literal to just after it, or to just after a {@code ${} (pushed). */
    private static int skipTemplate(String js, int k, java.util.ArrayDeque<Integer> templates, int braces) {
        while (k < js.length()) {
            char c = js.charAt(k);
            if (c == '\\') {
                k += 2;
            } else if (c == '`') {
                return k + 1;
            } else if (c == '$' && k + 1 < js.length() && js.charAt(k + 1) == '{') {
                templates.push(braces + 1);
                return k + 2;
            } else {
                k++;
            }
        }
        return k;
    }

    private static int skipRegex(String js, int i) {
        int k = i + 1;
        boolean inClass = false;
        while (k < js.length() && js.charAt(k) != '\n') {
            char c = js.charAt(k);
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                k++;
                while (k < js.length() && Character.isLetter(js.charAt(k))) {
                    k++;
                }
                return k;
            }
            k++;
        }
        return k;
    }

    /** Writes {@code file.gz} when gzip makes it smaller; the header holds no time, so a rebuild gives the same bytes. */
    private static void compress(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(body);
        }
        Path target = Path.of(file + ".gz");
        if (out.size() < body.length) {
            Files.write(target, out.toByteArray());
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String sha256(byte[] body) {
        return HexFormat.of().formatHex(sha256().digest(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
