package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Direct messages, private rooms and their members in real Chromium against a real server, several people each
 * in their own browser: rooms reach a page the moment the server adds the user to them (no refresh), and leave it
 * the moment the user is removed. Screenshots of the DM list and the members panel are written as
 * {@code dm-list.png} and {@code members-panel.png} (the ones in docs/images are copied from there).
 */
class BrowserPrivateRoomsTest {

    /** Chromium logs the 404 the server answers for a name it does not know as an error; the test provokes it. */
    private static final Pattern UNKNOWN_USER =
            Pattern.compile(".*/api/dms - Failed to load resource: the server responded with a status of 404.*");

    /**
     * Well within the 15 s after which a page reads its room list again, so what appears or goes in this time
     * came with a live frame.
     */
    private static final Duration WITHOUT_A_REFRESH = Duration.ofSeconds(5);

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
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

    /** A browser signed in as {@code user} (password {@code <user>-password}), showing {@code room}. */
    private ChatPage signedIn(String user, String room) {
        Browser browser = browsers.launch(user);
        ChatPage page = new ChatPage(browser, app.port()).open();
        page.signIn(user, user + "-password");
        page.signedInAs(user).inRoom(room);
        return page;
    }

    private String start(String... users) {
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
        String first = null;
        for (String user : users) {
            String token = api.signUp(user, user + "-password");
            first = first == null ? token : first;
        }
        return first;
    }

    @Test
    void ana_opens_a_direct_message_bob_sees_it_appear_without_a_refresh_and_his_reply_reaches_her() {
        start("ana", "bob", "carol");
        ChatPage ana = signedIn("ana", "general");
        ana.browser().allowConsoleErrors(UNKNOWN_USER);
        ChatPage bob = signedIn("bob", "general");
        ana.browser().until(() -> ana.online().contains("bob"), "bob to show as online");

        ana.startMessage("zed");
        ana.browser().await(By.id("dm-submit")).click();
        assertThat(ana.browser().await(By.id("dm-error")).getText()).isEqualTo("There is no user named 'zed'.");
        ana.browser().await(By.cssSelector("button[aria-label='Remove zed']")).click();
        ana.browser().await(By.id("dm-person")).sendKeys("bo");
        assertThat(ana.dmSuggestions())
                .as("completion from the people ana's page has seen")
                .contains("bob");
        ana.browser().await(By.id("dm-person")).sendKeys("b");
        ana.browser().await(By.id("dm-submit")).click();

        ana.browser().awaitText(By.id("room-title"), "bob");
        ana.browser()
                .until(
                        () -> "message-input".equals(ana.script("return document.activeElement.id")),
                        "the composer focused");
        assertThat(ana.dmLabels()).containsExactly("bob");
        ana.send("hi bob, just us");

        bob.browser()
                .until(
                        () -> bob.dmLabels().contains("ana")
                                && bob.dm("ana").getAccessibleName().contains(" direct message, 1 unread, "),
                        WITHOUT_A_REFRESH,
                        "the DM from ana, one unread");
        bob.dm("ana").click();
        bob.awaitMessage("hi bob, just us");
        assertThat(bob.browser().await(By.id("room-title")).getText()).isEqualTo("ana");
        bob.send("hi ana, got it");
        ana.awaitMessage("hi ana, got it");
        assertThat(ana.browser().driver().findElements(By.id("leave-room")))
                .as("nobody leaves a direct room")
                .isEmpty();

        // Two more conversations ana did not start: carol writes to her alone, and to her and bob.
        String carol = api.login("carol", "carol-password");
        String toAna = api.post("/api/dms", "{\"users\":[\"ana\"]}", carol)
                .body()
                .get("name")
                .asText();
        api.post("/api/dms", "{\"users\":[\"ana\",\"bob\"]}", carol);
        ana.browser()
                .until(
                        () -> ana.dmLabels().equals(List.of("bob", "bob, carol", "carol")),
                        WITHOUT_A_REFRESH,
                        "carol's two DMs to appear, each by its people");
        try (WsClient socket = WsClient.connect(app.port(), carol)) {
            socket.join(toAna);
            socket.send("type", "send", "room", toAna, "text", "lunch?", "clientId", "c-1");
            socket.await(f -> "ack".equals(f.path("type").asText()));
        }
        ana.browser()
                .until(
                        () -> ana.dm("carol").getAccessibleName().contains(" direct message, 1 unread, "),
                        "carol's message unread");
        ana.browser().screenshot("dm-list");
    }

    @Test
    void a_private_room_is_invisible_to_carol_until_ana_adds_her_then_appears_without_a_refresh() {
        start("ana", "bob", "carol");
        ChatPage ana = signedIn("ana", "general");
        ChatPage carol = signedIn("carol", "general");
        ana.browser().until(() -> ana.online().contains("carol"), "carol to show as online");

        ana.createRoom("team", "Plans, not for everyone", true);
        WebElement item = ana.roomButton("team");
        assertThat(item.getAttribute("data-kind")).isEqualTo("private");
        assertThat(item.getAccessibleName()).startsWith("team private room, ");
        assertThat(ana.script("return document.querySelector('#room-title .lock .visually-hidden').textContent"))
                .as("the lock is named for screen readers")
                .isEqualTo("private");
        ana.send("plans for the team");
        ana.browser().until(() -> ana.pendingCount() == 0, "ana's message to be stored");

        carol.refresh();
        carol.signedInAs("carol").inRoom("general");
        assertThat(carol.lists("team")).as("a private room carol is not in").isFalse();

        ana.openMembers();
        assertThat(ana.role("ana")).isEqualTo("owner");
        ana.addMember("carol");
        ana.addMember("bob");
        ana.makeModerator("bob");

        carol.browser().until(() -> carol.lists("team"), WITHOUT_A_REFRESH, "team to appear in carol's list");
        assertThat(carol.roomButton("team").getAttribute("data-kind")).isEqualTo("private");
        carol.browser().until(() -> carol.unread("team").equals("1"), "ana's earlier message unread");
        carol.openRoom("team");
        carol.awaitMessage("plans for the team");
        carol.send("thanks for adding me");
        ana.awaitMessage("thanks for adding me");

        carol.openMembers();
        assertThat(carol.role("bob")).isEqualTo("moderator");
        assertThat(carol.browser().driver().findElements(By.cssSelector(".member-remove, #member-add-form")))
                .as("a plain member changes nobody's membership")
                .isEmpty();
        carol.closeMembers();

        ana.browser().screenshot("members-panel");
    }

    @Test
    void carol_removed_mid_conversation_loses_the_room_at_once_and_sees_nothing_said_after() {
        String anaToken = start("ana", "carol");
        assertThat(api.post("/api/rooms", "{\"name\":\"team\",\"visibility\":\"private\"}", anaToken)
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/rooms/team/members", "{\"username\":\"carol\"}", anaToken)
                        .status())
                .isEqualTo(201);
        // Fresh browsers, nothing in their storage: the room list is the server's.
        ChatPage ana = signedIn("ana", "team");
        ChatPage carol = signedIn("carol", "team");

        carol.send("shall we start?");
        ana.awaitMessage("shall we start?");
        ana.send("yes, one moment");
        carol.awaitMessage("yes, one moment");

        ana.openMembers();
        ana.removeMember("carol");
        carol.browser().until(() -> !carol.lists("team"), WITHOUT_A_REFRESH, "team to leave carol's list");
        assertThat(carol.browser().await(By.id("notice")).getText()).contains("You are no longer in “team”");
        assertThat(carol.browser().driver().findElements(By.cssSelector("#room-title")))
                .as("carol is no longer shown the room")
                .allSatisfy(title -> assertThat(title.getText()).doesNotContain("team"));
        ana.closeMembers();

        ana.send("now that carol is gone");
        ana.browser()
                .until(
                        () -> ana.texts().contains("now that carol is gone") && ana.pendingCount() == 0,
                        "ana's message to be stored");
        assertThat(carol.script("return document.body.textContent.includes('now that carol is gone')"))
                .as("nothing said after the removal reaches carol's page")
                .isEqualTo(false);
        carol.refresh();
        carol.signedInAs("carol");
        carol.browser().until(() -> !"".equals(carol.connection()), "the page to load");
        assertThat(carol.lists("team"))
                .as("nor does the room come back on a refresh")
                .isFalse();
    }
}
