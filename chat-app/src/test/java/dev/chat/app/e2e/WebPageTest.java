package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI is served from the classpath, with a strict CSP and revalidation by ETag. */
class WebPageTest {

    private static final Pattern ENTRY = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\"");
    /** {@code import … from '…'} and {@code export … from '…'}, over several lines but within one statement. */
    private static final Pattern IMPORT_FROM =
            Pattern.compile("(?m)^\\s*(?:import|export)\\b[^;'\"]*?\\bfrom\\s*['\"]([^'\"]+)['\"]");

    private static final Pattern BARE_IMPORT = Pattern.compile("(?m)^\\s*import\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("\\bimport\\s*\\(");

    @TempDir
    Path data;

    private ChatApplication app;
    private final HttpClient http = HttpClient.newHttpClient();

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
     * imports. Every one is served as JavaScript, with an ETag that a revalidation answers with 304.
     */
    @Test
    void every_module_the_page_imports_is_preloaded_and_every_preload_is_imported() throws Exception {
        String page = get("/", null).body();
        URI root = URI.create("http://127.0.0.1:" + app.port() + "/");
        Set<String> entries = matches(ENTRY, page, root, root);
        Set<String> preloaded = matches(PRELOAD, page, root, root);
        assertThat(entries).containsExactly("/app.js");

        Set<String> imported = new TreeSet<>();
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
            assertThat(DYNAMIC_IMPORT.matcher(module.body()).find())
                    .as("%s loads a module with import(), which no preload can cover", path)
                    .isFalse();
            URI base = root.resolve(path);
            for (Pattern kind : new Pattern[] {IMPORT_FROM, BARE_IMPORT}) {
                for (String dependency : matches(kind, module.body(), base, root)) {
                    imported.add(dependency);
                    toRead.add(dependency);
                }
            }
        }
        assertThat(imported).as("the modules the page imports").hasSizeGreaterThan(2);
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
        HttpResponse<String> vue = get("/vendor/vue.runtime.esm-browser.prod.js", null);
        assertThat(vue.statusCode()).isEqualTo(200);
        assertThat(vue.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(vue.body()).contains("createApp");
        HttpResponse<String> bootstrap = get("/vendor/bootstrap.min.css", null);
        assertThat(bootstrap.statusCode()).isEqualTo(200);
        assertThat(bootstrap.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(get("/", null).body()).contains("vendor/bootstrap.min.css").doesNotContain("//cdn", "https://");
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
