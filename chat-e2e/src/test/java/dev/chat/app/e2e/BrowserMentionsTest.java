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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * Mentions and read state in real Chromium: ana writes to bob in rooms he does not have open; bob has two tabs of
 * the page in one browser, allowed to notify. The tab in the background is really hidden (a second tab was opened
 * over it, so its {@code document.visibilityState} is "hidden"), and the page's {@code Notification} is wrapped
 * before any script of the page runs, so the test sees each notification the page makes. A screenshot of the room
 * list's mention badge is written as {@code mention-badge.png}.
 */
class BrowserMentionsTest {

    /** Notes in {@code window.__badgeGone} when the mention badge of room {@code arguments[0]} leaves the list. */
    private static final String WATCH_BADGE = """
            const room = arguments[0];
            window.__badgeGone = 0;
            const badge = () => document.querySelector(`.room-item[data-room='${room}'] .mention-badge`);
            new MutationObserver((changes, observer) => {
              if (!badge()) {
                window.__badgeGone = Date.now();
                observer.disconnect();
              }
            }).observe(document.getElementById('rooms'), { childList: true, subtree: true });
            """;

    @TempDir
    Path data;

    private ChatApplication app;
    private final Browsers browsers = new Browsers();

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
    void a_mention_shows_in_bobs_title_and_badges_notifies_his_hidden_tab_and_reading_it_clears_his_other_tab() {
        app = Servers.start(data, "--rate-limit", "0");
        Api api = new Api(app.port());
        String anaToken = api.signUp("ana", "ana-password");
        String bobToken = api.signUp("bob", "bob-password");
        for (String room : List.of("lobby", "random")) {
            assertThat(api.post("/api/rooms", "{\"name\":\"" + room + "\"}", anaToken)
                            .status())
                    .isEqualTo(201);
        }
        try (WsClient bobSocket = WsClient.connect(app.port(), bobToken)) {
            for (String room : List.of("general", "lobby", "random")) {
                bobSocket.join(room); // a member of each, so each is in his list and counted
            }
        }

        ChatPage ana = new ChatPage(browsers.launch("ana"), app.port());
        ana.browser().spyOnNotifications();
        ana.open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("lobby");
        assertThat(ana.script("return window.__permissionAsked"))
                .as("never asked on load")
                .isEqualTo(0L);
        ana.browser().await(By.id("enable-notifications")).click();
        ana.browser()
                .until(() -> Long.valueOf(1).equals(ana.script("return window.__permissionAsked")), "asked on a click");

        Browser bobs = browsers.launch("bob");
        bobs.spyOnNotifications();
        bobs.cdp(
                "Browser.grantPermissions",
                Map.of("permissions", List.of("notifications"), "origin", "http://127.0.0.1:" + app.port()));
        ChatPage bob = new ChatPage(bobs, app.port()).open();
        bob.signIn("bob", "bob-password");
        bob.signedInAs("bob").inRoom("general");
        assertThat(bobs.driver().findElements(By.id("enable-notifications")))
                .as("no button once notifications are allowed")
                .isEmpty();
        String hiddenTab = bobs.driver().getWindowHandle();
        bobs.driver().switchTo().newWindow(WindowType.TAB);
        bobs.spyOnNotifications();
        ChatPage bobFront = new ChatPage(bobs, app.port()).open();
        bobFront.signedInAs("bob").inRoom("general");
        String frontTab = bobs.driver().getWindowHandle();

        ana.send("@bob can you check the slides?");
        bobs.until(() -> "(1) Chat".equals(bobs.driver().getTitle()), "bob's title to count the mention");
        bobs.until(() -> "@1".equals(mentionBadge(bobFront, "lobby")), "the mention badge on lobby");
        assertThat(bobFront.unread("lobby")).isEqualTo("1");
        assertThat(bobFront.roomButton("lobby").getAccessibleName()).startsWith("lobby room, 1 mention, 1 unread, ");
        assertThat(mentionBadge(bobFront, "random")).isEmpty();
        bobs.screenshot("mention-badge");
        assertThat(bobFront.script("return window.__notifications.length"))
                .as("the tab in front shows the mention, it does not notify")
                .isEqualTo(0L);

        bobs.driver().switchTo().window(hiddenTab);
        assertThat(bobs.driver().getTitle()).isEqualTo("(1) Chat");
        assertThat(bob.script(
                        "return window.__notifications.map((n) => [n.title, n.body, n.tag, n.madeWhile].join('|'))"))
                .as("the hidden tab notified, once, while hidden")
                .isEqualTo(List.of("ana mentioned you in #lobby|@bob can you check the slides?|lobby/1|hidden"));

        // Reading lobby in this tab clears the badge in the other within a second.
        bob.script(WATCH_BADGE, "lobby");
        bobs.driver().switchTo().window(frontTab);
        bobFront.script(WATCH_BADGE, "lobby");
        bobs.driver().switchTo().window(hiddenTab);
        bob.openRoom("lobby");
        bob.awaitMessage("@bob can you check the slides?");
        assertThat(new MessageRows(bob).row("@bob can you check the slides?").getAttribute("class"))
                .as("a message that calls bob stands out")
                .contains("mentions-me");
        bobs.until(() -> ((Number) bob.script("return window.__badgeGone")).longValue() > 0, "the badge read here");
        long readHere = ((Number) bob.script("return window.__badgeGone")).longValue();
        assertThat(bobs.driver().getTitle()).isEqualTo("Chat");
        bobs.driver().switchTo().window(frontTab);
        bobs.until(() -> ((Number) bobFront.script("return window.__badgeGone")).longValue() > 0, "the other tab");
        long clearedThere = ((Number) bobFront.script("return window.__badgeGone")).longValue();
        assertThat(clearedThere - readHere)
                .as("ms from reading in one tab to the badge leaving the other")
                .isLessThanOrEqualTo(1_000);
        assertThat(bobFront.unread("lobby")).isEmpty();
        bobs.until(() -> "Chat".equals(bobs.driver().getTitle()), "the title without mentions");

        // A notification clicked opens its room; @room from the room's owner calls bob too.
        ana.openRoom("random");
        ana.send("@room standup in five");
        bobs.until(() -> "(1) Chat".equals(bobs.driver().getTitle()), "the @room mention in the front tab");
        bobs.driver().switchTo().window(hiddenTab);
        assertThat(bob.script("return window.__notifications.length")).isEqualTo(2L);
        bob.script("window.__notifications[1].onclick()");
        bob.inRoom("random");
        bob.awaitMessage("@room standup in five");
        assertThat(new MessageRows(bob).row("@room standup in five").getAttribute("class"))
                .contains("mentions-me");
        bobs.until(() -> "Chat".equals(bobs.driver().getTitle()), "read once open");
    }

    /** The mention badge of a room in the list ("@1"), or "" when it has none. */
    private static String mentionBadge(ChatPage page, String room) {
        List<org.openqa.selenium.WebElement> badge =
                page.roomButton(room).findElements(By.cssSelector(".mention-badge"));
        return badge.isEmpty() ? "" : badge.get(0).getText();
    }
}
