package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.logging.LogEntry;

/** The browser harness itself, against a real server: page loads, screenshots, emulated media, console checks. */
class BrowserHarnessTest {

    /** A page of our own, so the media checks do not depend on what the served UI looks like. */
    private static final String BLANK = "data:text/html,<meta name=viewport content='width=device-width'><p>x";

    @TempDir
    Path data;

    private ChatApplication app;
    private Browser browser;

    @BeforeEach
    void start() {
        app = Servers.start(data);
        long started = System.nanoTime();
        browser = Browser.launch("harness");
        System.out.printf("Chromium started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterEach
    void stop() {
        try {
            browser.close();
        } finally {
            app.close();
        }
    }

    @Test
    void opens_the_served_page_and_saves_a_png_of_it() throws Exception {
        browser.open("http://127.0.0.1:" + app.port() + "/");
        browser.until(() -> !browser.driver().getTitle().isBlank(), "a page title");

        Path png = browser.screenshot("harness-desktop");

        assertThat(png).exists().hasParent(Browser.screenshotDir());
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
    }

    @Test
    void media_queries_see_the_emulated_colour_scheme_and_phone_width() {
        browser.open(BLANK);
        assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                .isEqualTo(false);
        assertThat(browser.script("return innerWidth")).isEqualTo(1280L);

        browser.colorScheme("dark");
        browser.phone();

        assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                .isEqualTo(true);
        assertThat(browser.script("return innerWidth")).isEqualTo(390L);
        assertThat(browser.script("return matchMedia('(max-width: 575.98px)').matches"))
                .isEqualTo(true);

        browser.open(BLANK);
        assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                .as("emulation survives navigation")
                .isEqualTo(true);
        browser.colorScheme("light");
        browser.desktop();
        assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                .isEqualTo(false);
        assertThat(browser.script("return innerWidth")).isEqualTo(1280L);
    }

    @Test
    void a_console_error_fails_the_check_until_it_is_allowed_even_after_the_log_was_drained() {
        browser.open(BLANK);
        browser.script("console.log('fine'); console.error('deliberate x')");

        assertThat(browser.drainLog())
                .extracting(LogEntry::getMessage)
                .anySatisfy(m -> assertThat(m).contains("fine"))
                .anySatisfy(m -> assertThat(m).contains("deliberate x"));
        assertThatThrownBy(browser::verifyConsole)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("deliberate x")
                .hasMessageNotContaining("fine");
        browser.assertNoConsoleErrors(entry -> entry.getMessage().contains("deliberate x"));

        browser.allowConsoleErrors(Pattern.compile("deliberate x"));
        browser.verifyConsole();
    }

    @Test
    void a_closed_browser_comes_back_empty_for_the_next_test_and_still_reports_its_console_errors() {
        String page = "http://127.0.0.1:" + app.port() + "/";
        browser.open(page);
        browser.script("localStorage.setItem('left', 'behind'); document.cookie = 'left=behind; max-age=600'");
        browser.cdp(
                "Browser.grantPermissions",
                java.util.Map.of(
                        "origin", "http://127.0.0.1:" + app.port(), "permissions", java.util.List.of("notifications")));
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", "window.__planted = 1"));
        browser.colorScheme("dark");
        browser.phone();
        browser.script("console.error('from the first test')");
        Object chromium = browser.driver();
        browser.close();

        browser = Browser.launch("harness again");
        assertThat(browser.driver()).as("the same Chromium, kept").isSameAs(chromium);
        assertThat(browser.driver().getWindowHandles()).hasSize(1);
        browser.open(page);
        assertThat(browser.script("return localStorage.getItem('left')")).isNull();
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.script("return Notification.permission")).isEqualTo("default");
        assertThat(browser.script("return typeof window.__planted")).isEqualTo("undefined");
        assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                .isEqualTo(false);
        assertThat(browser.script("return innerWidth")).isEqualTo(1280L);
        browser.verifyConsole();

        browser.script("console.error('from the second test')");
        assertThatThrownBy(browser::verifyConsole)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("from the second test")
                .hasMessageNotContaining("from the first test");
    }
}
