package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.ChatPage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page carries only the part of Bootstrap's CSS it can use ({@code webui/src/main/vendor/bootstrap.subset.css},
 * made by {@code tools/purgecss/subset.mjs}): that file is what the script makes from the web UI's files as they
 * are now, and the page looks as it does with all of Bootstrap — every element's computed style the same, the
 * screenshots the same but for a few anti-aliased pixels — on the sign-in page and in the chat, on a desktop and a
 * phone, in the light and the dark scheme. The screenshots of both stay in
 * {@code webui/target/screenshots/bootstrap-{subset,full}-*.png}.
 */
class BootstrapSubsetTest {

    private static final Path TOOL = repo().resolve("tools/purgecss");

    /**
     * Every element's and pseudo-element's computed style, in document order: equal lists mean the two
     * stylesheets style the page alike. The list stays in the page ({@code window.__computedStyles}): it runs to
     * megabytes, and {@link #STYLES_DIFFER} compares it there instead of sending it through the driver twice.
     */
    private static final String COMPUTED_STYLES = "const out = [];"
            + "document.querySelectorAll('body *').forEach((e) => { for (const p of [null, '::before', '::after']) {"
            + "  const c = getComputedStyle(e, p); let v = e.tagName + (p || '');"
            + "  for (let k = 0; k < c.length; k++) v += ';' + c[k] + ':' + c.getPropertyValue(c[k]);"
            + "  out.push(v); } });"
            + "return out;";

    /** Keeps the computed styles of the page now for {@link #STYLES_DIFFER}. */
    private static final String KEEP_STYLES = "window.__computedStyles = (() => {" + COMPUTED_STYLES + "})();";

    /**
     * Null when the computed styles now are the list kept by {@link #KEEP_STYLES}, entry for entry (the same
     * number of entries, each the same string); otherwise where they first differ: the element and the property.
     */
    private static final String STYLES_DIFFER =
            "const before = window.__computedStyles; delete window.__computedStyles;"
                    + "const now = (() => {" + COMPUTED_STYLES + "})();"
                    + "if (before.length !== now.length) return before.length + ' entries, then ' + now.length;"
                    + "for (let i = 0; i < now.length; i++) { if (before[i] !== now[i]) {"
                    + "  const was = before[i].split(';'), is = now[i].split(';');"
                    + "  let k = 0; while (was[k] === is[k]) k++;"
                    + "  return 'entry ' + i + ', ' + was[0] + ': ' + was[k] + ', then ' + is[k]; } }"
                    + "return null;";

    /**
     * Pixels the same styles may still draw differently: with the computed style of every element equal, the
     * chat's desktop light screenshot differs in the four anti-aliased top corner pixels of the Connected badge
     * (whichever stylesheet is drawn first), a rasterisation effect of the stylesheet's size, not of a rule; the
     * phone's light sign-in page once differed in 24 (of 329,160) on a loaded machine, its computed styles equal. The
     * computed styles are the strict comparison; the pixels catch what they cannot say (a missing keyframe, say).
     */
    private static final long RASTER_NOISE_PIXELS = 64;

    @TempDir
    Path data;

    private ChatApplication app;
    private Browser browser;
    private String allOfBootstrap;
    private String subset;

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.verifyConsole();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    /** A view that starts using a Bootstrap class the subset lacks fails here until the subset is made again. */
    @Test
    void the_subset_is_what_purgecss_makes_from_the_pages_files_now() throws Exception {
        Process check = new ProcessBuilder("node", "tools/purgecss/subset.mjs", "--check")
                .directory(repo().toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(said).isZero();

        String pom = Files.readString(repo().resolve("pom.xml"));
        Matcher version = Pattern.compile("<bootstrap.version>([^<]+)</bootstrap.version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(Files.readString(TOOL.resolve("package.json")))
                .as("tools/purgecss pins the Bootstrap whose licence webui ships")
                .contains("\"bootstrap\": \"" + version.group(1) + "\"");
    }

    @Test
    void the_page_looks_the_same_with_the_subset_as_with_all_of_bootstrap() throws Exception {
        Path full = TOOL.resolve("node_modules/bootstrap/dist/css/bootstrap.min.css");
        assertThat(full)
                .as("installed by npm ci --prefix tools/purgecss (tools/test.sh)")
                .isRegularFile();
        allOfBootstrap = Files.readString(full);
        subset = Files.readString(repo().resolve("webui/src/main/vendor/bootstrap.subset.css"));
        app = Servers.start(data);
        new Api(app.port()).signUp("ana", "ana-password");
        browser = Browser.launch("ana");
        // Lets the test put all of Bootstrap in a <style> element, which the page's policy forbids.
        browser.cdp("Page.setBypassCSP", Map.of("enabled", true));
        ChatPage ana = new ChatPage(browser, app.port()).open();

        List<String> differ = new ArrayList<>();
        compareEverySize("sign-in", differ);
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");
        ana.send("Hello, **everyone**: `code`, a [link](https://example.com) and\n> a quote");
        browser.until(() -> ana.pendingCount() == 0, "the message to be acknowledged");
        compareEverySize("chat", differ);
        assertThat(differ)
                .as("screenshots that differ (webui/target/screenshots)")
                .isEmpty();
    }

    private void compareEverySize(String view, List<String> differ) {
        for (String scheme : new String[] {"light", "dark"}) {
            browser.colorScheme(scheme);
            for (boolean phone : new boolean[] {false, true}) {
                if (phone) {
                    browser.phone();
                } else {
                    browser.desktop();
                }
                String name = view + "-" + (phone ? "phone" : "desktop") + "-" + scheme;
                String difference = compare(name, true);
                if (difference != null) {
                    differ.add(difference);
                }
            }
        }
        browser.colorScheme("light");
        browser.desktop();
    }

    /**
     * What differs between the page with the subset and with all of Bootstrap, each put in the same {@code <style>}
     * element in place of the page's link: a sentence, or null for nothing.
     */
    private String compare(String name, boolean subsetFirst) {
        browser.script(
                "const link = document.querySelector('link[rel=stylesheet][href*=\"vendor/bootstrap\"]');"
                        + "const style = document.createElement('style');"
                        + "style.id = 'bootstrap-under-test'; style.textContent = arguments[0];"
                        + "link.after(style); link.disabled = true;",
                subsetFirst ? subset : allOfBootstrap);
        BufferedImage first = shot("bootstrap-" + (subsetFirst ? "subset-" : "full-") + name);
        browser.script(KEEP_STYLES);
        browser.script(
                "document.getElementById('bootstrap-under-test').textContent = arguments[0];",
                subsetFirst ? allOfBootstrap : subset);
        BufferedImage second = shot("bootstrap-" + (subsetFirst ? "full-" : "subset-") + name);
        Object stylesDiffer = browser.script(STYLES_DIFFER);
        browser.script("document.getElementById('bootstrap-under-test').remove();"
                + "document.querySelector('link[rel=stylesheet][href*=\"vendor/bootstrap\"]').disabled = false;");
        long pixels = different(first, second);
        System.out.printf(
                "%s, %s first: %d pixels differ%n", name, subsetFirst ? "subset" : "all of Bootstrap", pixels);
        if (stylesDiffer != null) {
            return name + ": the computed style of some element differs (" + stylesDiffer + ")";
        }
        return pixels > RASTER_NOISE_PIXELS ? name + ": " + pixels + " pixels differ" : null;
    }

    /** The viewport once the page has drawn its styles, with no caret blinking in a focused field. */
    private BufferedImage shot(String name) {
        browser.script("document.activeElement && document.activeElement.blur();");
        sleep(400); // Bootstrap's transitions take at most .35 s
        try {
            return ImageIO.read(browser.screenshot(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long different(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return (long) Math.max(a.getWidth(), b.getWidth()) * Math.max(a.getHeight(), b.getHeight());
        }
        long count = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** This checkout's root, found from the module's working folder upwards. */
    private static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("tools/purgecss/package.json"))) {
                return d;
            }
        }
        throw new IllegalStateException("No tools/purgecss/package.json above " + dir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
