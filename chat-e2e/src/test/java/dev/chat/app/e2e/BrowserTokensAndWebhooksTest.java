package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Access tokens and webhooks as their owner handles them in real Chromium: a token made in the settings dialog shows
 * its secret once (and never again), works as a bearer token on the HTTP API, and stops working once revoked from
 * the list; a room's owner makes an incoming webhook in the members panel, and what a program posts to the URL shown
 * appears in the room; the server's refusal of an outgoing webhook's address is shown beside the form in its own
 * words. One server and one page serve both tests (a Chromium start costs seconds); each test reloads the page first.
 * Screenshots: {@code settings-token-made.png}, {@code settings-phone.png}, {@code webhook-made.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTokensAndWebhooksTest {

    /** What the page's own refused requests log (the outgoing webhook's address, a token once revoked). */
    private static final Pattern REFUSED = Pattern.compile("the server responded with a status of 400");

    /** Plain java.net.http, as a CI job or a deploy script posts: no OpenAPI check, no session. */
    private static final HttpClient PROGRAM =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChatApplication app;
    private Api api;
    private String anaToken;
    private final Browsers browsers = new Browsers();
    private Browser browser;
    private ChatPage ana;

    @BeforeAll
    void start(@TempDir Path data) {
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
        anaToken = api.signUp("ana", "ana-password");
        for (String room : List.of("ops", "deploys")) {
            assertThat(api.post("/api/rooms", "{\"name\":\"" + room + "\"}", anaToken)
                            .status())
                    .isEqualTo(201);
        }
        browser = browsers.launch("ana");
        browser.allowConsoleErrors(REFUSED);
        ana = new ChatPage(browser, app.port()).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").openRoom("general");
        browser.cdp(
                "Browser.grantPermissions",
                Map.of(
                        "origin",
                        "http://127.0.0.1:" + app.port(),
                        "permissions",
                        List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    @AfterAll
    void stop() {
        try {
            browsers.close();
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void freshPage() {
        browser.desktop();
        ana.refresh();
        ana.signedInAs("ana");
    }

    @Test
    void a_token_made_in_settings_shows_its_secret_once_works_as_a_bearer_token_and_stops_when_revoked() {
        browser.await(By.id("settings-toggle")).click();
        browser.await(By.id("settings-panel"));
        assertThat(focusedId()).as("the dialog starts at the token's name").isEqualTo("token-name");
        browser.await(By.id("token-none"));
        browser.await(By.id("token-name")).sendKeys("deploy notices");
        room("ops").click();
        browser.await(By.id("token-read-only")).click();
        browser.await(By.id("token-days")).sendKeys("30");
        browser.await(By.id("token-create")).click();

        WebElement shown = browser.await(By.id("token-secret"));
        String secret = shown.getDomProperty("value");
        assertThat(secret).matches("chat_[A-Za-z0-9_-]{43}");
        assertThat(browser.await(By.id("token-made")).getText()).contains("you will not see it again");
        assertThat(focusedId()).as("focus moves to what was made").isEqualTo("token-made-title");
        browser.await(By.id("token-secret-copy")).click();
        browser.until(() -> secret.equals(clipboard()), "the secret on the clipboard");
        browser.awaitText(By.id("token-secret-copied"), "Copied");
        Axe.assertNoSeriousViolations(browser, "settings, a token just made");
        browser.screenshot("settings-token-made");

        WebElement row = tokenRow("deploy notices");
        assertThat(row.findElement(By.cssSelector(".token-rooms")).getText()).isEqualTo("#ops · read only");
        assertThat(row.findElement(By.cssSelector(".token-dates")).getText())
                .startsWith("Created ")
                .contains("expires ")
                .endsWith("never used");

        Api.Response rooms = api.get("/api/rooms", secret);
        assertThat(rooms.status()).isEqualTo(200);
        assertThat(rooms.body().get("rooms"))
                .as("the token reaches the room it was limited to, and no other")
                .extracting(r -> r.get("name").asText())
                .containsExactly("ops");

        browser.await(By.id("token-made-done")).click();
        browser.until(() -> browser.driver().findElements(By.id("token-made")).isEmpty(), "the secret to go");
        assertThat(focusedId()).isEqualTo("token-name");
        closeDialog("settings-panel");
        browser.until(
                () -> api.get("/api/tokens", anaToken)
                        .body()
                        .path("tokens")
                        .path(0)
                        .path("lastUsedAt")
                        .isTextual(),
                "the server to record the token's use");
        browser.await(By.id("settings-toggle")).click();
        assertThat(tokenRow("deploy notices")
                        .findElement(By.cssSelector(".token-dates"))
                        .getText())
                .as("the list says when it was last used")
                .contains("last used ");
        assertThat(browser.driver().getPageSource())
                .as("the secret is shown once only")
                .doesNotContain(secret);

        tokenRow("deploy notices").findElement(By.cssSelector(".token-revoke")).click();
        browser.await(By.cssSelector(".token-revoke-yes")).click();
        browser.await(By.id("token-none"));
        assertThat(api.get("/api/rooms", secret).status())
                .as("a revoked token stops working")
                .isEqualTo(401);
        assertThat(api.get("/api/tokens", anaToken).body().get("tokens")).isEmpty();

        browser.phone();
        Axe.assertNoSeriousViolations(browser, "settings, phone");
        browser.screenshot("settings-phone");
        assertThat(overflow("settings-panel")).as("nothing wider than a phone").isFalse();
        closeDialog("settings-panel");
    }

    @Test
    void a_room_owner_makes_an_incoming_webhook_in_the_members_panel_and_what_a_program_posts_shows_in_the_room()
            throws Exception {
        ana.openRoom("deploys");
        browser.await(By.id("members-toggle")).click();
        browser.await(By.id("webhook-none"));

        // An address the server refuses: its sentence is shown beside the form.
        browser.await(By.id("webhook-kind-outgoing")).click();
        browser.await(By.id("webhook-name")).sendKeys("status-bot");
        browser.await(By.id("webhook-url")).sendKeys("https://127.0.0.1/chat");
        browser.await(By.id("webhook-create")).click();
        String said = browser.await(By.id("webhook-error")).getText();
        Api.Response refused = api.post(
                "/api/rooms/deploys/webhooks",
                "{\"kind\":\"outgoing\",\"name\":\"status-bot\",\"url\":\"https://127.0.0.1/chat\"}",
                anaToken);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("webhook_url_refused");
        assertThat(said).isEqualTo(refused.body().path("error").path("message").asText());

        browser.await(By.id("webhook-kind-incoming")).click();
        WebElement name = browser.await(By.id("webhook-name"));
        name.clear();
        name.sendKeys("ci-bot");
        browser.await(By.id("webhook-create")).click();
        String url = browser.await(By.id("webhook-hook-url")).getDomProperty("value");
        String origin = "http://127.0.0.1:" + app.port();
        assertThat(url).startsWith(origin + "/api/hooks/");
        assertThat(browser.await(By.id("webhook-made")).getText()).contains("you will not see it again");
        assertThat(browser.await(By.id("webhook-curl")).getText())
                .contains("curl")
                .contains(url);
        assertThat(focusedId()).isEqualTo("webhook-made-title");
        WebElement row = browser.await(By.cssSelector("#webhook-list li.webhook"));
        assertThat(row.getAttribute("data-kind")).isEqualTo("incoming");
        assertThat(row.findElement(By.cssSelector(".webhook-bot")).getText()).isEqualTo("ci-bot");
        browser.until(() -> !ana.role("ci-bot").isEmpty(), "its bot listed among the members");
        Axe.assertNoSeriousViolations(browser, "members panel, an incoming webhook just made");
        browser.screenshot("webhook-made");

        HttpResponse<String> posted = postTo(url, "{\"text\":\"deploy finished\",\"username\":\"ci\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        browser.await(By.id("webhook-made-done")).click();
        closeDialog("members-panel");
        ana.awaitMessage("deploy finished");
        WebElement message = new MessageRows(ana).row("deploy finished");
        assertThat(message.findElement(By.cssSelector(".msg-user")).getText()).isEqualTo("ci-bot");

        browser.await(By.id("members-toggle")).click();
        browser.await(By.cssSelector("#webhook-list li.webhook .webhook-delete"))
                .click();
        browser.await(By.cssSelector(".webhook-delete-yes")).click();
        browser.await(By.id("webhook-none"));
        assertThat(postTo(url, "{\"text\":\"too late\"}").statusCode())
                .as("a deleted webhook's URL stops working")
                .isEqualTo(404);
        closeDialog("members-panel");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private WebElement room(String name) {
        return browser.await(By.xpath(
                "//div[@id='token-rooms']//label[normalize-space()='#" + name + "']/preceding-sibling::input"));
    }

    private WebElement tokenRow(String name) {
        return browser.await(By.xpath("//ul[@id='token-list']/li[.//span[contains(@class,'token-name') and "
                + "normalize-space()='" + name + "']]"));
    }

    private String focusedId() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

    private String clipboard() {
        return String.valueOf(browser.script("return navigator.clipboard.readText().catch((e) => 'unreadable: ' + e)"));
    }

    private boolean overflow(String id) {
        return Boolean.TRUE.equals(browser.script(
                "const e = document.getElementById(arguments[0]); return e.scrollWidth > e.clientWidth + 1;", id));
    }

    private void closeDialog(String id) {
        browser.await(By.cssSelector("#" + id + " .btn-close")).click();
        browser.until(() -> browser.driver().findElements(By.id(id)).isEmpty(), id + " to close");
    }

    private static HttpResponse<String> postTo(String url, String json) throws IOException, InterruptedException {
        return PROGRAM.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
