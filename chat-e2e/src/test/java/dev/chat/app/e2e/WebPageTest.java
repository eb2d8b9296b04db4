package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI is served from the classpath, with a strict CSP, gzipped to browsers, its vendor files under names
 * that change with their content (kept a year) and everything else revalidated by ETag.
 */
class WebPageTest {

    private static final Pattern ENTRY = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\"");
    /** {@code import … from '…'} and {@code export … from '…'}, over several lines but within one statement. */
    private static final Pattern IMPORT_FROM =
            Pattern.compile("(?m)^\\s*(?:import|export)\\b[^;'\"]*?\\bfrom\\s*['\"]([^'\"]+)['\"]");

    private static final Pattern BARE_IMPORT = Pattern.compile("(?m)^\\s*import\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("\\bimport\\s*\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    /**
     * The only module loaded on demand: the admin page, which nobody but an admin needs, so no first visit carries
     * it. Every module it imports is preloaded with the page, so opening it costs one request.
     */
    private static final Set<String> ON_DEMAND = Set.of("/views/admin.js", "/views/settings.js", "/views/webhooks.js");

    private static final Pattern VUE = Pattern.compile("vendor/vue[.][A-Za-z0-9.-]+[.]js");
    private static final Pattern BOOTSTRAP = Pattern.compile("vendor/bootstrap[.][A-Za-z0-9.-]+[.]css");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @TempDir
    Path data;

    private ChatApplication app;
    private final HttpClient http = ValidatingHttpClient.wrap(HttpClient.newHttpClient());

    @BeforeEach
    void start() {
        app = Servers.start(data);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_page_is_served_with_a_strict_content_security_policy() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("<script").doesNotContain("<script>");
        assertThat(get("/app.js", null).headers().firstValue("Content-Type"))
                .contains("text/javascript; charset=utf-8");
    }

    /**
     * Each module the page imports, however deep, is named in a {@code modulepreload} link, so a phone fetches
     * them all at once instead of one import level per round trip; and nothing is preloaded that no module
     * imports. Every one is served as JavaScript, with an ETag that a revalidation answers with 304. Only the
     * {@link #ON_DEMAND} modules are loaded with {@code import()}, and are not preloaded.
     */
    @Test
    void every_module_the_page_imports_is_preloaded_and_every_preload_is_imported() throws Exception {
        String page = get("/", null).body();
        URI root = URI.create("http://127.0.0.1:" + app.port() + "/");
        Set<String> entries = matches(ENTRY, page, root, root);
        Set<String> preloaded = matches(PRELOAD, page, root, root);
        assertThat(entries).containsExactly("/app.js");

        Set<String> imported = new TreeSet<>();
        Set<String> onDemand = new TreeSet<>();
        Set<String> read = new LinkedHashSet<>();
        Deque<String> toRead = new ArrayDeque<>(entries);
        while (!toRead.isEmpty()) {
            String path = toRead.pop();
            if (!read.add(path)) {
                continue;
            }
            HttpResponse<String> module = get(path, null);
            assertThat(module.statusCode()).as(path).isEqualTo(200);
            assertThat(module.headers().firstValue("Content-Type")).as(path).contains("text/javascript; charset=utf-8");
            String etag = module.headers().firstValue("ETag").orElseThrow();
            assertThat(get(path, etag).statusCode()).as(path).isEqualTo(304);
            URI base = root.resolve(path);
            for (String later : matches(DYNAMIC_IMPORT, module.body(), base, root)) {
                assertThat(ON_DEMAND)
                        .as("%s loads %s with import(), which no preload can cover", path, later)
                        .contains(later);
                onDemand.add(later);
                toRead.add(later);
            }
            for (Pattern kind : new Pattern[] {IMPORT_FROM, BARE_IMPORT}) {
                for (String dependency : matches(kind, module.body(), base, root)) {
                    imported.add(dependency);
                    toRead.add(dependency);
                }
            }
        }
        assertThat(imported).as("the modules the page imports").hasSizeGreaterThan(2);
        assertThat(onDemand).as("the modules loaded on demand").isEqualTo(ON_DEMAND);
        imported.removeAll(onDemand);
        assertThat(preloaded)
                .as("the modulepreload links of index.html, against the modules imported")
                .containsExactlyInAnyOrderElementsOf(imported);
    }

    /** The paths, from the server's root, that the pattern's first group names relative to {@code base}. */
    private static Set<String> matches(Pattern pattern, String text, URI base, URI root) {
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            URI resolved = base.resolve(target);
            assertThat(resolved.getAuthority())
                    .as("%s is a file of this server's", target)
                    .isEqualTo(root.getAuthority());
            paths.add(resolved.getPath());
        }
        return paths;
    }

    @Test
    void vue_and_bootstrap_are_served_from_the_server_itself() throws Exception {
        String page = get("/", null).body();
        HttpResponse<String> vue = get("/" + linked(page, VUE), null);
        assertThat(vue.statusCode()).isEqualTo(200);
        assertThat(vue.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(vue.body()).contains("createApp");
        HttpResponse<String> bootstrap = get("/" + linked(page, BOOTSTRAP), null);
        assertThat(bootstrap.statusCode()).isEqualTo(200);
        assertThat(bootstrap.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(bootstrap.body()).contains("Bootstrap");
        assertThat(page).doesNotContain("//cdn", "https://");
    }

    /**
     * The vendor files (Vue, Bootstrap's CSS) are named after their content, so a browser keeps them a year
     * without asking again and a new version arrives under a new name; the page itself and its own modules are
     * revalidated on each load, so a deployment is seen at once.
     */
    @Test
    void vendor_files_are_named_after_their_content_and_kept_for_a_year() throws Exception {
        String page = get("/", null).body();
        for (Pattern vendor : new Pattern[] {VUE, BOOTSTRAP}) {
            String path = "/" + linked(page, vendor);
            HttpResponse<byte[]> file = getBytes(path, null);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
            assertThat(path)
                    .as("named after its content's SHA-256, " + sha256)
                    .contains("." + sha256.substring(0, 12) + ".");
            assertThat(file.headers().firstValue("Cache-Control")).as(path).contains(IMMUTABLE);
        }
        assertThat(get("/", null).headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(get("/app.js", null).headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(page).doesNotContain("vue.runtime.esm-browser.prod.js", "bootstrap.min.css", "bootstrap.subset.css");
    }

    /**
     * A browser (which always accepts gzip) is sent each text file gzipped: fewer bytes, the same file once
     * unzipped, with the gzipped length, an ETag of its own (a cache must not take one encoding for the other)
     * and {@code Vary: Accept-Encoding}; its ETag is answered with 304.
     */
    @Test
    void a_browser_that_accepts_gzip_is_sent_each_text_file_gzipped() throws Exception {
        String page = get("/", null).body();
        for (String path :
                new String[] {"/", "/app.js", "/style.css", "/" + linked(page, VUE), "/" + linked(page, BOOTSTRAP)}) {
            HttpResponse<byte[]> plain = getBytes(path, null);
            HttpResponse<byte[]> gzipped = getBytes(path, "gzip, deflate, br, zstd");
            assertThat(gzipped.statusCode()).as(path).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding"))
                    .as(path)
                    .contains("gzip");
            assertThat(gzipped.headers().firstValue("Vary")).as(path).contains("Accept-Encoding");
            assertThat(gzipped.headers().firstValueAsLong("Content-Length"))
                    .as(path)
                    .hasValue(gzipped.body().length);
            assertThat(gzipped.body().length).as(path).isLessThan(plain.body().length);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(in.readAllBytes()).as(path + " unzipped").isEqualTo(plain.body());
            }
            String etag = gzipped.headers().firstValue("ETag").orElseThrow();
            assertThat(etag)
                    .as(path)
                    .isNotEqualTo(plain.headers().firstValue("ETag").orElseThrow());
            HttpRequest again = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("Accept-Encoding", "gzip")
                    .header("If-None-Match", etag)
                    .build();
            assertThat(http.send(again, HttpResponse.BodyHandlers.ofByteArray()).statusCode())
                    .as(path)
                    .isEqualTo(304);
        }
    }

    /** A client that does not take gzip (no Accept-Encoding, or gzip refused with q=0) is sent the file as it is. */
    @Test
    void a_client_that_does_not_accept_gzip_is_sent_the_file_as_it_is() throws Exception {
        for (String acceptEncoding : new String[] {null, "identity", "gzip;q=0, br", "*;q=0"}) {
            HttpResponse<byte[]> file = getBytes("/app.js", acceptEncoding);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Encoding"))
                    .as(acceptEncoding)
                    .isEmpty();
            assertThat(file.headers().firstValue("Vary")).as(acceptEncoding).contains("Accept-Encoding");
            assertThat(new String(file.body(), StandardCharsets.UTF_8))
                    .as(acceptEncoding)
                    .contains("createApp(App)");
        }
    }

    private HttpResponse<byte[]> getBytes(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The path, from the root, of the one file the page links that {@code name} matches. */
    private static String linked(String page, Pattern name) {
        Matcher m = name.matcher(page);
        assertThat(m.find()).as("index.html links a file like " + name).isTrue();
        return m.group();
    }

    @Test
    void an_unchanged_file_is_answered_with_304() throws Exception {
        String etag = get("/app.js", null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/app.js", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/app.js", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void paths_outside_the_static_folder_are_not_served() throws Exception {
        assertThat(get("/../logback.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/%2e%2e/logback.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void head_gives_the_headers_without_the_body_and_a_wrong_method_gets_405() throws Exception {
        HttpResponse<String> head = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/app.js"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow())
                .isEqualTo(get("/app.js", null).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        HttpResponse<String> wrongMethod = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/login"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("method_not_allowed");
        assertThat(get("/api/nothing", null).statusCode()).isEqualTo(404);
    }
}
