package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Editing, deleting, reacting to and replying to messages in real Chromium, as two people see it: ana and bob each in
 * their own browser, bob's through a network path the test can cut. One server and two page loads serve every test;
 * each test has a room of its own, made (with whatever history it needs) before the pages load. Screenshots are
 * written as {@code edited-message.png}, {@code reactions.png} and {@code reply.png} (copied to docs/images).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserMessageActionsTest {

    /** The quote of a reply whose original was deleted before the page loaded asks for it, and is answered 404. */
    private static final Pattern ORIGINAL_GONE = Pattern.compile(
            ".*/api/rooms/replies/messages/\\d+ - Failed to load resource: the server responded with a status of 404.*");

    /** While bob's path is cut, each request and connection his page tries fails, and Chromium logs it. */
    private static final Pattern CUT_OFF = Pattern.compile(
            ".*(net::ERR_CONNECTION_RESET|net::ERR_EMPTY_RESPONSE|net::ERR_CONNECTION_REFUSED|net::ERR_SOCKET_NOT_CONNECTED"
                    + "|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed).*");

    private static final int FILLERS_BEFORE_THE_REPLY = 55;

    private ChatApplication app;
    private Api api;
    private Balancer path;
    private final Browsers browsers = new Browsers();
    private String anaToken;
    private String bobToken;
    private ChatPage ana;
    private ChatPage bob;
    private MessageRows anaRows;
    private MessageRows bobRows;

    @BeforeAll
    void start(@TempDir Path data) {
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
        anaToken = api.signUp("ana", "ana-password");
        bobToken = api.signUp("bob", "bob-password");
        for (String room : List.of("edits", "deletions", "reactions", "replies", "away")) {
            assertThat(api.post("/api/rooms", "{\"name\":\"" + room + "\"}", anaToken)
                            .status())
                    .isEqualTo(201);
        }
        replyHistory();

        ana = signedIn("ana", app.port());
        ana.browser().allowConsoleErrors(ORIGINAL_GONE);
        path = new Balancer(List.of(app.port()));
        bob = signedIn("bob", path.port());
        bob.browser().allowConsoleErrors(CUT_OFF);
        bob.browser().allowConsoleErrors(ORIGINAL_GONE);
        anaRows = new MessageRows(ana);
        bobRows = new MessageRows(bob);
    }

    /**
     * In "replies": bob answers a question of ana's that is older than the newest page, and a message that is
     * deleted before anyone's page loads; so neither original is in the page that shows the answers.
     */
    private void replyHistory() {
        try (WsClient anaSocket = WsClient.connect(app.port(), anaToken);
                WsClient bobSocket = WsClient.connect(app.port(), bobToken)) {
            anaSocket.join("replies");
            bobSocket.join("replies");
            long demoQuestion = RoomMessages.post(anaSocket, "replies", "what time is the demo?", null);
            long doomed = RoomMessages.post(anaSocket, "replies", "shall we skip it?", null);
            for (int i = 1; i <= FILLERS_BEFORE_THE_REPLY; i++) {
                RoomMessages.post(anaSocket, "replies", "planning " + i, null);
            }
            RoomMessages.post(bobSocket, "replies", "at five", demoQuestion);
            RoomMessages.post(bobSocket, "replies", "no way", doomed);
            assertThat(api.request("DELETE", "/api/rooms/replies/messages/" + doomed, null, anaToken)
                            .status())
                    .isEqualTo(204);
        }
    }

    @AfterAll
    void stop() {
        try {
            browsers.close();
        } finally {
            if (path != null) {
                path.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    private ChatPage signedIn(String user, int port) {
        ChatPage page = new ChatPage(browsers.launch(user), port).open();
        page.signIn(user, user + "-password");
        page.signedInAs(user);
        page.browser().until(() -> "connected".equals(page.connection()), "the connection to be up");
        return page;
    }

    @Test
    void ana_edits_in_place_escape_keeps_the_text_and_up_arrow_edits_her_last_message() {
        ana.openRoom("edits");
        bob.openRoom("edits");
        ana.send("the demo is at 3");
        ana.send("bring snacks");
        bob.awaitMessage("bring snacks");

        anaRows.act("the demo is at 3", "act-edit");
        WebElement box = ana.browser().await(By.id("edit-input"));
        assertThat(box.getAttribute("value")).isEqualTo("the demo is at 3");
        assertThat(anaRows.focused()).isEqualTo("edit-input");
        box.sendKeys(" or 4", Keys.ESCAPE);
        ana.browser().until(() -> absent(ana, By.id("edit-input")), "Escape to close the editor");
        assertThat(ana.texts()).containsExactly("the demo is at 3", "bring snacks");
        assertThat(anaRows.editedMark("the demo is at 3")).isNull();
        assertThat(anaRows.focused()).as("the keyboard back in the composer").isEqualTo("message-input");

        anaRows.act("the demo is at 3", "act-edit");
        ana.browser()
                .await(By.id("edit-input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "the demo is at 4", Keys.ENTER);
        ana.awaitMessage("the demo is at 4");
        assertThat(anaRows.focused()).isEqualTo("message-input");
        bob.awaitMessage("the demo is at 4");
        bob.browser().until(() -> bobRows.editedMark("the demo is at 4") != null, "bob to see it marked edited");
        WebElement mark = bobRows.editedMark("the demo is at 4");
        assertThat(mark.getText()).isEqualTo("(edited)");
        assertThat(mark.getAttribute("title")).as("when, in a tooltip").startsWith("Edited ");
        assertThat(bob.texts()).containsExactly("the demo is at 4", "bring snacks");
        assertThat(bobRows.offers("the demo is at 4", "act-edit"))
                .as("nobody edits someone else's message")
                .isFalse();

        ana.browser().await(By.id("message-input")).sendKeys(Keys.ARROW_UP);
        WebElement last = ana.browser().await(By.id("edit-input"));
        assertThat(last.getAttribute("value")).isEqualTo("bring snacks");
        last.sendKeys(Keys.chord(Keys.CONTROL, "a"), "bring snacks and drinks", Keys.ENTER);
        bob.awaitMessage("bring snacks and drinks");
        assertThat(bob.texts()).containsExactly("the demo is at 4", "bring snacks and drinks");
        bob.browser().until(() -> bobRows.editedMark("bring snacks and drinks") != null, "the second edit marked");
        bob.browser().screenshot("edited-message");

        ana.send(
                "the demo script:\n```bash\n./mvnw -pl chat-app test -Dtest='Browser*'\njava -jar chat-app.jar --port 8080\n```");
        bob.browser()
                .until(
                        () -> !bob.browser()
                                .driver()
                                .findElements(By.cssSelector(".msg-text pre.md-code-block code[data-lang='bash']"))
                                .isEmpty(),
                        "the code block at bob's");
        bob.browser().screenshot("code-block");
    }

    @Test
    void a_deletion_asks_first_and_the_message_leaves_both_pages() {
        ana.openRoom("deletions");
        bob.openRoom("deletions");
        ana.send("keep this");
        ana.send("delete this");
        bob.send("bob's typo");
        bob.awaitMessage("delete this");
        ana.awaitMessage("bob's typo");
        assertThat(bobRows.offers("delete this", "act-delete"))
                .as("a member deletes only their own messages")
                .isFalse();

        anaRows.act("delete this", "act-delete");
        WebElement dialog = ana.browser().await(By.id("delete-message-panel"));
        assertThat(dialog.getText()).contains("delete this").contains("cannot be undone");
        assertThat(ana.script("return document.activeElement.textContent"))
                .as("focus starts on the harmless choice")
                .isEqualTo("Cancel");
        dialog.findElement(By.xpath(".//button[normalize-space()='Cancel']")).click();
        ana.browser().until(() -> absent(ana, By.id("delete-message-panel")), "the dialog to close");
        assertThat(ana.texts()).contains("delete this");

        anaRows.act("delete this", "act-delete");
        ana.browser().await(By.id("delete-confirm")).click();
        ana.browser().until(() -> !ana.texts().contains("delete this"), "the message to leave ana's page");
        bob.browser().until(() -> !bob.texts().contains("delete this"), "the message to leave bob's page");
        assertThat(bob.texts()).containsExactly("keep this", "bob's typo");
        assertThat(anaRows.focused()).isEqualTo("message-input");

        assertThat(anaRows.offers("bob's typo", "act-delete"))
                .as("the room's owner deletes anyone's message")
                .isTrue();
        anaRows.act("bob's typo", "act-delete");
        assertThat(ana.browser().await(By.id("delete-message-panel")).getText()).contains("bob’s message");
        ana.browser().await(By.id("delete-confirm")).click();
        bob.browser().until(() -> bob.texts().equals(List.of("keep this")), "bob's message deleted by the owner");
    }

    @Test
    void reactions_count_per_emoji_each_page_highlights_its_own_and_a_click_toggles() {
        ana.openRoom("reactions");
        bob.openRoom("reactions");
        bob.send("lunch at noon?");
        ana.awaitMessage("lunch at noon?");

        anaRows.act("lunch at noon?", "act-react");
        ana.browser().await(By.id("emoji-picker"));
        assertThat(ana.script("return document.activeElement.dataset.emoji")).isEqualTo("👍");
        ana.browser().driver().switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertThat(ana.script("return document.activeElement.dataset.emoji")).isEqualTo("❤️");
        ana.browser().driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        ana.browser().until(() -> anaRows.reactions("lunch at noon?").equals(List.of("❤️ 1*")), "ana's heart, hers");
        bob.browser().until(() -> bobRows.reactions("lunch at noon?").equals(List.of("❤️ 1")), "ana's heart at bob's");
        assertThat(absent(ana, By.id("emoji-picker"))).isTrue();
        assertThat(anaRows.focused()).isEqualTo("message-input");

        bobRows.chip("lunch at noon?", "❤️").click();
        bob.browser()
                .until(() -> bobRows.reactions("lunch at noon?").equals(List.of("❤️ 2*")), "two hearts, one bob's");
        ana.browser().until(() -> anaRows.reactions("lunch at noon?").equals(List.of("❤️ 2*")), "two at ana's");
        bobRows.act("lunch at noon?", "act-react");
        bob.browser()
                .await(By.cssSelector("#emoji-picker button[data-emoji='🎉']"))
                .click();
        bob.browser().until(() -> bobRows.reactions("lunch at noon?").equals(List.of("❤️ 2*", "🎉 1*")), "bob's party");
        ana.browser()
                .until(() -> anaRows.reactions("lunch at noon?").equals(List.of("❤️ 2*", "🎉 1")), "not ana's party");

        anaRows.chip("lunch at noon?", "❤️").click();
        ana.browser()
                .until(() -> anaRows.reactions("lunch at noon?").equals(List.of("❤️ 1", "🎉 1")), "ana took hers back");
        bob.browser()
                .until(() -> bobRows.reactions("lunch at noon?").equals(List.of("❤️ 1*", "🎉 1*")), "bob's remain");
        ana.browser().screenshot("reactions");
    }

    @Test
    void a_reply_quotes_its_original_from_the_page_or_the_server_and_the_quote_jumps_to_it() {
        ana.openRoom("replies");
        ana.awaitMessage("at five");
        assertThat(ana.texts())
                .as("the question is older than the newest page")
                .doesNotContain("what time is the demo?");
        ana.browser().until(() -> anaRows.quote("at five").equals("↪ ana what time is the demo?"), "the fetched quote");
        ana.browser().until(() -> anaRows.quote("no way").equals("Original message deleted"), "a deleted original");

        anaRows.act("at five", "act-reply");
        assertThat(ana.browser().await(By.id("replying")).getText()).startsWith("Replying to bob");
        assertThat(anaRows.focused()).isEqualTo("message-input");
        ana.browser().await(By.id("cancel-reply")).click();
        ana.browser().until(() -> absent(ana, By.id("replying")), "the reply cancelled");
        assertThat(anaRows.focused()).isEqualTo("message-input");

        anaRows.act("at five", "act-reply");
        try (WsClient bobSocket = WsClient.connect(app.port(), bobToken)) {
            bobSocket.join("replies");
            for (int i = 1; i <= 25; i++) {
                RoomMessages.post(bobSocket, "replies", "chatter " + i, null);
            }
        }
        ana.awaitMessage("chatter 25");
        ana.send("perfect, see you then");
        ana.browser().until(() -> ana.pendingCount() == 0, "ana's reply to be stored");
        assertThat(anaRows.quote("perfect, see you then")).isEqualTo("↪ bob at five");
        assertThat(absent(ana, By.id("replying")))
                .as("the reply was sent, the composer is free")
                .isTrue();
        JsonNode stored = api.get("/api/rooms/replies/messages?limit=1", anaToken)
                .body()
                .get("messages")
                .get(0);
        assertThat(stored.get("replyTo").asLong()).isEqualTo(anaRows.id("at five"));

        assertThat(inView(ana, "at five"))
                .as("25 messages down, the original is out of view")
                .isFalse();
        anaRows.row("perfect, see you then")
                .findElement(By.cssSelector("button.reply-quote"))
                .click();
        assertThat(ana.script("const flashed = document.querySelector('.message-list li.msg.flash');"
                        + "return flashed && flashed.querySelector('.msg-text').textContent"))
                .as("the original highlighted for a moment")
                .isEqualTo("at five");
        ana.browser().screenshot("reply");
        assertThat(inView(ana, "at five")).as("and scrolled into view").isTrue();
        ana.browser()
                .until(() -> !anaRows.row("at five").getAttribute("class").contains("flash"), "the highlight to fade");
    }

    /**
     * Bob's network path is cut while ana edits, deletes and reacts to messages bob saw and messages he never saw,
     * and bob reacts from elsewhere; when the path is back, his page rejoins from its position and shows exactly
     * what the server has, his own reactions as his.
     */
    @Test
    void a_page_cut_off_while_messages_old_and_new_change_comes_back_to_exactly_the_servers_state() {
        RoomMessages away = new RoomMessages(api, app.port(), "away");
        long[] old = new long[4];
        for (int i = 1; i <= 3; i++) {
            old[i] = away.post(anaToken, "old " + i, null);
        }
        bob.openRoom("away");
        bob.awaitMessage("old 3");
        away.react(bobToken, old[3], "👀", false);
        bob.browser().until(() -> bobRows.reactions("old 3").equals(List.of("👀 1*")), "bob's own reaction");

        path.cutOff();
        bob.browser().until(() -> !"connected".equals(bob.connection()), "bob's page to notice it is cut off");
        away.edit(anaToken, old[1], "old 1, edited");
        away.delete(anaToken, old[2]);
        away.react(anaToken, old[3], "👍", false);
        away.edit(anaToken, old[3], "old 3, edited after the reaction");
        long[] fresh = new long[4];
        for (int i = 1; i <= 3; i++) {
            fresh[i] = away.post(anaToken, "new " + i, i == 3 ? old[1] : null);
        }
        away.edit(anaToken, fresh[1], "new 1, edited");
        away.react(anaToken, fresh[2], "🎉", false);
        away.react(bobToken, fresh[2], "🎉", false);
        away.react(anaToken, fresh[3], "👍", false);
        away.react(anaToken, fresh[3], "👍", true);
        away.delete(anaToken, away.post(anaToken, "said and unsaid", null));
        int turnedAway = path.refused();
        bob.browser()
                .until(
                        () -> path.refused() > turnedAway,
                        Duration.ofSeconds(20),
                        "bob's page to try to come back after the changes, and be turned away");
        assertThat(bob.texts()).as("nothing reached bob's page while cut off").doesNotContain("new 1, edited");

        path.restore();
        bob.browser().until(() -> "connected".equals(bob.connection()), Duration.ofSeconds(30), "bob's page back");
        List<String> server = away.asServed(bobToken);
        try {
            bob.browser().until(() -> bobRows.shown().equals(server), "bob's page to show the server's state");
        } catch (AssertionError e) {
            assertThat(bobRows.shown())
                    .as("bob's page against the server's state")
                    .isEqualTo(server);
        }
        assertThat(server)
                .as("the server's state, as expected")
                .containsExactly(
                        old[1] + "|old 1, edited|edited|",
                        old[3] + "|old 3, edited after the reaction|edited|👀 1*,👍 1",
                        fresh[1] + "|new 1, edited|edited|",
                        fresh[2] + "|new 2||🎉 2*",
                        fresh[3] + "|new 3||");
        assertThat(bobRows.quote("new 3")).isEqualTo("↪ ana old 1, edited");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static boolean absent(ChatPage page, By by) {
        return page.browser().driver().findElements(by).isEmpty();
    }

    /** Whether the message is inside the visible part of the message list. */
    private static boolean inView(ChatPage page, String text) {
        return Boolean.TRUE.equals(page.script(
                "const li = arguments[0].getBoundingClientRect(), list = document.getElementById('messages')"
                        + ".getBoundingClientRect(); return li.top >= list.top && li.bottom <= list.bottom;",
                new MessageRows(page).row(text)));
    }
}
