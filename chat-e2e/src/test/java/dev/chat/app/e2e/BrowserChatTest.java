package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The browser chat in real Chromium against a real server: two people, each in their own browser, use the
 * page the way a person would. Every test fails on an error in either browser's console that it did not
 * expect.
 */
class BrowserChatTest {

    /** Chromium logs every 4xx answer to fetch() as an error; these are the ones the sign-in form expects. */
    private static final Pattern EXPECTED_SIGN_IN_REFUSALS = Pattern.compile(
            ".*/api/(login|register) - Failed to load resource: the server responded with a status of (400|401|409).*");

    @TempDir
    Path data;

    private ChatApplication app;
    private final Browsers browsers = new Browsers();

    private ChatPage page(String name) {
        Browser browser = browsers.launch(name);
        return new ChatPage(browser, app.port()).open();
    }

    /** A browser signed in as {@code user} (password {@code <user>-password}), in room general. */
    private ChatPage signedIn(String user) {
        ChatPage page = page(user);
        page.signIn(user, user + "-password");
        page.signedInAs(user).inRoom("general");
        return page;
    }

    @AfterEach
    void stop() {
        try {
            browsers.close();
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void an_account_is_created_survives_a_refresh_and_signs_out_with_clear_errors_on_the_way() {
        app = Servers.start(data);
        new Api(app.port()).signUp("bob", "bob-password");
        ChatPage ana = page("ana");
        ana.browser().allowConsoleErrors(EXPECTED_SIGN_IN_REFUSALS);
        ana.browser().screenshot("sign-in-desktop-light");

        ana.register("ana", "short");
        assertThat(ana.authError()).contains("at least 8 characters");
        ana.register("bob", "long-enough-password");
        assertThat(ana.authError()).isEqualTo("The name 'bob' is taken.");
        ana.register("ana", "ana-password");
        ana.signedInAs("ana");

        ana.refresh();
        ana.signedInAs("ana");
        ana.inRoom("general");

        ana.signOut();
        ana.refresh();
        assertThat(ana.showsSignIn())
                .as("signed out stays signed out after a refresh")
                .isTrue();

        ana.signIn("ana", "wrong-password");
        assertThat(ana.authError()).isEqualTo("Wrong username or password.");
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana");
    }

    @Test
    void two_people_chat_in_a_new_room_with_typing_unread_counts_and_inert_markup() throws Exception {
        app = Servers.start(data);
        Api api = new Api(app.port());
        api.signUp("ana", "ana-password");
        api.signUp("bob", "bob-password");
        ChatPage ana = signedIn("ana");
        ana.createRoom("lobby", "Say hello here");
        assertThat(ana.browser().await(By.id("room-topic")).getText()).isEqualTo("Say hello here");

        ChatPage bob = signedIn("bob");
        bob.openRoom("lobby");
        ana.browser().until(() -> ana.online().containsAll(List.of("ana", "bob")), "bob to show as online");

        ana.send("Hello bob");
        bob.awaitMessage("Hello bob");
        bob.send("Hi ana\nhow are you?");
        ana.awaitMessage("Hi ana\nhow are you?");
        ana.browser().until(() -> ana.pendingCount() == 0, "ana's message to be acknowledged");
        assertThat(ana.browser()
                        .driver()
                        .findElements(By.cssSelector("li.msg.own"))
                        .size())
                .isEqualTo(1);

        Thread.sleep(1_100); // the server publishes one typing start per second and user; bob's last was just now
        bob.type("I am typ");
        ana.browser().until(() -> ana.typingLine().equals("bob is typing…"), "the typing indicator");
        bob.send("ing a lot");
        ana.awaitMessage("I am typing a lot");
        ana.browser().until(() -> ana.typingLine().isEmpty(), "the typing indicator to clear");

        ana.openRoom("general");
        bob.send("Are you there?");
        bob.send("Hello?");
        ana.browser().until(() -> ana.unread("lobby").equals("2"), "two unread in lobby");
        assertThat(ana.unread("general")).isEmpty();
        ana.openRoom("lobby");
        ana.awaitMessage("Hello?");
        assertThat(ana.unread("lobby")).isEmpty();
        assertThat(ana.browser().driver().findElements(By.cssSelector(".unread-divider")))
                .hasSize(1);

        String payload = "<img src=x onerror=\"window.__owned=1\"><script>window.__owned=2</script>";
        bob.send(payload);
        bob.send("docs at https://example.com/guide, see you");
        ana.awaitMessage(payload);
        ana.awaitMessage("docs at https://example.com/guide, see you");
        assertThat(ana.browser().driver().findElements(By.cssSelector(".message-list img, .message-list script")))
                .isEmpty();
        assertThat(ana.script("return window.__owned === undefined")).isEqualTo(true);
        WebElement link = ana.browser().await(By.cssSelector(".msg-text a"));
        assertThat(link.getAttribute("href")).isEqualTo("https://example.com/guide");
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(link.getAttribute("target")).isEqualTo("_blank");

        assertThat(ana.strings("return [...document.querySelectorAll('button, input, textarea, a, [role=log]')]"
                        + ".filter(e => !(e.textContent.trim() || e.getAttribute('aria-label') || (e.labels && e.labels.length))"
                        + " || e.tabIndex < 0).map(e => e.outerHTML)"))
                .as("every control has a name and can be reached with the keyboard")
                .isEmpty();
        ana.roomButton("general").sendKeys(Keys.ENTER);
        ana.inRoom("general");

        screenshots(ana, bob);
    }

    private void screenshots(ChatPage ana, ChatPage bob) {
        ana.browser().screenshot("chat-desktop-light");
        ana.browser().colorScheme("dark");
        ana.browser()
                .until(
                        () -> "dark".equals(ana.script("return document.documentElement.dataset.bsTheme")),
                        "the page to follow the dark scheme");
        ana.browser().screenshot("chat-desktop-dark");
        bob.browser().phone();
        bob.browser().screenshot("chat-phone-light");
        assertThat(bob.browser().driver().findElement(By.id("rooms")).isDisplayed())
                .as("the room list collapses on a phone")
                .isFalse();
        bob.browser().await(By.id("rooms-toggle")).click();
        bob.browser()
                .until(() -> bob.browser().driver().findElement(By.id("rooms")).isDisplayed(), "the room drawer");
        bob.browser().colorScheme("dark");
        bob.browser().screenshot("rooms-phone-dark");
        bob.roomButton("lobby").click();
        bob.inRoom("lobby");
        assertThat(bob.browser().driver().findElement(By.id("rooms")).isDisplayed())
                .as("picking a room closes the drawer")
                .isFalse();
        bob.browser().screenshot("chat-phone-dark");
    }

    @Test
    void a_guest_can_chat_without_an_account_when_the_server_allows_it() {
        app = Servers.start(data, "--guests", "true");
        ChatPage guest = page("guest");
        guest.browser().await(By.id("guest")).click();
        guest.browser().awaitText(By.id("me"), "guest-");
        guest.inRoom("general");
        assertThat(guest.browser().driver().findElements(By.id("new-room")))
                .as("guests cannot create rooms")
                .isEmpty();
        guest.send("hello from a guest");
        guest.browser()
                .until(
                        () -> guest.texts().contains("hello from a guest") && guest.pendingCount() == 0,
                        "the guest's message to be stored");

        // One key typed, the rest put in at once as a paste would (a trusted input event, as typing makes): typing
        // 3,600 keys one by one took this test half a minute of the build's time.
        guest.type("x");
        guest.browser().cdp("Input.insertText", Map.of("text", "x".repeat(3_599)));
        assertThat(guest.browser().await(By.id("counter")).getText()).isEqualTo("3600 / 4000");
        guest.script("const box = document.getElementById('message-input'); box.value = 'y'.repeat(4001);"
                + "box.dispatchEvent(new Event('input'));");
        guest.browser().awaitText(By.id("counter"), "4001 / 4000");
        assertThat(guest.browser().await(By.id("send")).isEnabled())
                .as("too long to send")
                .isFalse();
    }

    @Test
    void scrolling_to_the_top_loads_older_history_in_order_without_moving_the_view() {
        app = Servers.start(data, "--rate-limit", "0");
        Api api = new Api(app.port());
        String bobToken = api.signUp("bob", "bob-password");
        api.signUp("ana", "ana-password");
        int total = 130;
        try (WsClient bob = WsClient.connect(app.port(), bobToken)) {
            bob.join("general");
            for (int i = 1; i <= total; i++) {
                post(bob, "history " + i, "h-" + i);
            }
        }
        ChatPage ana = signedIn("ana");
        ana.awaitMessage("history " + total);
        ana.browser().until(() -> ana.ids().size() >= 50, "the newest page");
        assertThat(ana.ids()).hasSize(50).first().isEqualTo(81L);

        long firstShown = ana.ids().get(0);
        double before = ((Number) ana.script(
                        "const list = document.getElementById('messages'); list.scrollTop = 0;"
                                + "return document.querySelector(\"li.msg[data-id='\" + arguments[0] + \"']\").getBoundingClientRect().top",
                        firstShown))
                .doubleValue();
        ana.browser().until(() -> ana.ids().get(0) < firstShown, "an older page");
        double after = top(ana, firstShown);
        assertThat(after)
                .as("the message that was at the top stays where it was")
                .isCloseTo(before, org.assertj.core.data.Offset.offset(4.0));

        ana.scrollToStart();
        assertThat(ana.ids())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(ana.texts().get(0)).isEqualTo("history 1");

        double reading = ((Number) ana.script("return document.getElementById('messages').scrollTop")).doubleValue();
        try (WsClient bob = WsClient.connect(app.port(), bobToken)) {
            bob.join("general");
            post(bob, "news while ana reads", "late-1");
        }
        ana.awaitMessage("news while ana reads");
        WebElement pill = ana.browser().await(By.id("new-messages"));
        assertThat(pill.getText()).isEqualTo("1 new message ↓");
        assertThat(((Number) ana.script("return document.getElementById('messages').scrollTop")).doubleValue())
                .as("a reader of old messages is not pulled down")
                .isEqualTo(reading);
        pill.click();
        ana.browser()
                .until(
                        () -> ana.browser()
                                .driver()
                                .findElements(By.id("new-messages"))
                                .isEmpty(),
                        "the pill to go");
        assertThat(ana.script("const l = document.getElementById('messages');"
                        + "return l.scrollHeight - l.scrollTop - l.clientHeight < 2"))
                .isEqualTo(true);
    }

    @Test
    void a_page_that_missed_more_than_the_replay_limit_fills_the_gap_from_history() {
        app = Servers.start(data, "--rate-limit", "0");
        Api api = new Api(app.port());
        String bobToken = api.signUp("bob", "bob-password");
        api.signUp("ana", "ana-password");
        ChatPage ana = signedIn("ana");
        int missed = 600;
        try (WsClient bob = WsClient.connect(app.port(), bobToken)) {
            bob.join("general");
            post(bob, "seen 1", "s-1");
            ana.awaitMessage("seen 1");
            ana.browser().open("about:blank");
            for (int i = 1; i <= missed; i++) {
                post(bob, "missed " + i, "m-" + i);
            }
        }
        ana.open().signedInAs("ana").inRoom("general");
        ana.awaitMessage("missed " + missed);
        ana.scrollToStart();
        assertThat(ana.ids())
                .as("no hole, no duplicate")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, missed + 1).boxed().toList());
        assertThat(ana.texts().get(1)).isEqualTo("missed 1");
    }

    @Test
    void an_open_page_follows_what_an_admin_does_deletion_rename_and_ban() {
        app = Servers.start(data, "--admins", "root", "--rate-limit", "0");
        Api api = new Api(app.port());
        String root = Servers.admin(app, "root", "root-password");
        api.signUp("ana", "ana-password");
        ChatPage ana = signedIn("ana");
        ana.send("first");
        ana.send("regrettable");
        ana.send("last");
        ana.browser()
                .until(
                        () -> ana.texts().equals(List.of("first", "regrettable", "last")) && ana.pendingCount() == 0,
                        "three stored messages");

        assertThat(api.request("DELETE", "/api/rooms/general/messages/2", null, root)
                        .status())
                .isEqualTo(204);
        ana.browser().until(() -> ana.texts().equals(List.of("first", "last")), "the deleted message to go");
        assertThat(ana.ids()).containsExactly(1L, 3L);

        assertThat(api.request("PATCH", "/api/rooms/general", "{\"name\":\"lobby\"}", root)
                        .status())
                .isEqualTo(200);
        ana.inRoom("lobby");
        assertThat(ana.browser().await(By.id("notice")).getText()).contains("Room “general” was renamed to “lobby”.");
        ana.browser().until(() -> ana.texts().equals(List.of("first", "last")), "the history under the new name");
        ana.send("in the lobby");
        // Position 4 is the deletion of message 2 (a change takes a position, as a message does).
        ana.browser()
                .until(
                        () -> ana.ids().equals(List.of(1L, 3L, 5L)) && ana.pendingCount() == 0,
                        "a new message after the moved ones");
        assertThat(ana.browser().driver().findElements(By.cssSelector(".room-item[data-room='general']")))
                .isEmpty();

        api.request("POST", "/api/admin/users/ana/ban", null, root);
        ana.browser().await(By.id("auth-form"));
        assertThat(ana.browser().await(By.id("signed-out-reason")).getText()).isEqualTo("Your account was banned.");
    }

    /**
     * A reset link an admin handed over opens a form for the new password; the page then signs in with it. A
     * message with a direction override shows the override as a mark instead of obeying it, and every message
     * is laid out apart from what surrounds it.
     */
    @Test
    void a_reset_link_sets_a_new_password_and_a_direction_override_is_shown_not_obeyed() {
        app = Servers.start(data, "--admins", "root", "--rate-limit", "0");
        Api api = new Api(app.port());
        String root = Servers.admin(app, "root", "root-password");
        api.signUp("ana", "ana-password");
        String link = api.post("/api/admin/users/ana/reset", "{}", root)
                .body()
                .get("link")
                .asText();

        Browser browser = browsers.launch("ana");
        assertThat(link).startsWith("http://127.0.0.1:" + app.port() + "/#reset=ana.");
        browser.open(link);
        assertThat(browser.await(By.id("reset-title")).getText()).isEqualTo("Choose a new password");
        browser.await(By.id("password")).sendKeys("ana-fresh-password");
        browser.await(By.id("auth-submit")).click();
        assertThat(browser.await(By.id("signed-out-reason")).getText()).contains("Your new password is set");
        ChatPage ana = new ChatPage(browser, app.port());
        ana.signIn("ana", "ana-fresh-password");
        ana.signedInAs("ana").inRoom("general");

        ana.send("invoice\u202Efdp.exe");
        ana.browser().until(() -> ana.pendingCount() == 0 && ana.texts().size() == 1, "the message to be stored");
        WebElement text = browser.driver().findElement(By.cssSelector("li.msg .msg-text"));
        assertThat(text.getText()).isEqualTo("invoice⟨U+202E⟩fdp.exe");
        assertThat(text.findElement(By.cssSelector(".bidi-control")).getText()).isEqualTo("⟨U+202E⟩");
        assertThat(text.getCssValue("unicode-bidi")).isEqualTo("plaintext");
    }

    private static double top(ChatPage page, long id) {
        return ((Number) page.script(
                        "return document.querySelector(\"li.msg[data-id='\" + arguments[0] + \"']\")"
                                + ".getBoundingClientRect().top",
                        id))
                .doubleValue();
    }

    /** Posts to general over the protocol and waits for the server to store it. */
    private static void post(WsClient sender, String text, String clientId) {
        sender.send("type", "send", "room", "general", "text", text, "clientId", clientId);
        sender.await(f -> "ack".equals(f.path("type").asText())
                && clientId.equals(f.path("clientId").asText()));
    }
}
