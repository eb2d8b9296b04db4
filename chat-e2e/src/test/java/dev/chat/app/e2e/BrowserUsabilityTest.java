package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The rough edges a three-person usability review of the browser chat found (issue "The browser chat, polished"),
 * each as the person met it: on a phone, on a return to the page, in the room dialog, with the address bar.
 */
class BrowserUsabilityTest {

    private static final Pattern OUTAGE = Pattern.compile(
            ".*(net::ERR_CONNECTION_REFUSED|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed).*");

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
    private String anaToken;
    private String bobToken;
    private WsClient bob;
    private final Set<String> bobIn = new HashSet<>();
    private final Browsers browsers = new Browsers();

    @BeforeEach
    void start() {
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
        anaToken = api.signUp("ana", "ana-password");
        bobToken = api.signUp("bob", "bob-password");
    }

    /** Makes ana a member of the rooms without this browser ever opening them. */
    private void anaJoins(String... rooms) {
        try (WsClient socket = WsClient.connect(app.port(), anaToken)) {
            for (String room : rooms) {
                socket.join(room);
            }
        }
    }

    @AfterEach
    void stop() {
        try {
            browsers.close();
            if (bob != null) {
                bob.close();
            }
        } finally {
            app.close();
        }
    }

    private ChatPage anaIn(Browser browser, String room) {
        ChatPage ana = new ChatPage(browser, app.port()).open();
        ana.signIn("ana", "ana-password");
        browser.await(By.id("sign-out"));
        browser.until(() -> !browser.driver().findElements(By.id("room-title")).isEmpty(), "a room to open");
        if (!browser.await(By.id("room-title")).getText().startsWith("#" + room)) {
            for (WebElement drawer : browser.driver().findElements(By.id("rooms-toggle"))) {
                if (drawer.isDisplayed()) {
                    drawer.click();
                }
            }
            ana.openRoom(room);
        }
        ana.inRoom(room);
        return ana;
    }

    /** Bob writes in a room over his own socket, and the server has stored it (acknowledged). */
    private void bobSays(String room, String text) {
        if (bob == null) {
            bob = WsClient.connect(app.port(), bobToken);
        }
        if (bobIn.add(room)) {
            bob.join(room);
        }
        String clientId = UUID.randomUUID().toString();
        bob.send("type", "send", "room", room, "text", text, "clientId", clientId);
        bob.await(f -> "ack".equals(f.path("type").asText())
                && clientId.equals(f.path("clientId").asText()));
    }

    private void room(String name, String topic) {
        assertThat(api.post("/api/rooms", "{\"name\":\"" + name + "\",\"topic\":\"" + topic + "\"}", bobToken)
                        .status())
                .isEqualTo(201);
    }

    /** Review item 4: a phone shows the user's name and what waits elsewhere, and keeps Tab out of the drawer's back. */
    @Test
    void on_a_phone_the_rooms_button_shows_what_waits_the_name_shows_and_the_drawer_keeps_the_keyboard() {
        room("lobby", "");
        Browser browser = browsers.launch("ana");
        browser.phone();
        ChatPage ana = anaIn(browser, "general");
        browser.await(By.id("rooms-toggle")).click();
        ana.openRoom("lobby"); // from "More rooms": she is in it from now on
        browser.await(By.id("rooms-toggle")).click();
        ana.openRoom("general");
        bobSays("lobby", "psst");

        WebElement rooms = browser.await(By.id("rooms-toggle"));
        browser.until(
                () -> "Rooms, 1 unread".equals(rooms.getAccessibleName().replaceAll("\\s+,", ",")),
                "the hint on Rooms");
        assertThat(browser.await(By.id("rooms-waiting")).getText()).isEqualTo("1");
        WebElement me = browser.await(By.id("me"));
        assertThat(me.isDisplayed() && me.getText().contains("ana"))
                .as("her own name on a phone")
                .isTrue();
        WebElement online = browser.await(By.id("people-toggle"));
        assertThat(online.getSize().getHeight())
                .as("'1 online' on one line")
                .isLessThan(2
                        * Integer.parseInt(
                                ((String) ana.script("return getComputedStyle(arguments[0]).lineHeight", online))
                                        .replace("px", "")
                                        .replaceAll("\\..*", "")));

        rooms.click();
        browser.until(() -> "true".equals(rooms.getAttribute("aria-expanded")), "the drawer open");
        // Tab from the Rooms button walks the drawer and never lands in the room behind it.
        ana.script("arguments[0].focus()", rooms);
        for (int i = 0; i < 12; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            Object inRoom = ana.script("return !!document.activeElement.closest('section.room')");
            assertThat(inRoom)
                    .as("focus behind the open drawer after %d Tabs", i + 1)
                    .isEqualTo(false);
        }
    }

    /** Review item 4: there is no Shift on a phone's keyboard: Enter breaks the line, the Send button sends. */
    @Test
    void on_a_touch_screen_enter_starts_a_new_line_and_send_sends() {
        Browser browser = browsers.launch("ana");
        browser.phone();
        browser.cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        ChatPage ana = anaIn(browser, "general");
        assertThat(ana.script("return matchMedia('(pointer: coarse)').matches"))
                .as("a touch screen, as the page sees it")
                .isEqualTo(true);
        WebElement input = browser.await(By.id("message-input"));
        input.sendKeys("first line", Keys.ENTER, "second line");
        assertThat(input.getAttribute("value")).isEqualTo("first line\nsecond line");
        browser.await(By.id("send")).click();
        ana.awaitMessage("first line\nsecond line");
    }

    /** Review item 5: unread for rooms this browser never opened, a count in the title, and "New" after a return. */
    @Test
    void unread_rooms_never_opened_here_the_title_and_the_new_line_come_from_the_servers_read_state() {
        room("lobby", "");
        anaJoins("lobby");
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        bobSays("general", "seen at once");
        ana.awaitMessage("seen at once");

        browser.open("about:blank"); // the tab is closed, as far as the chat knows
        bobSays("general", "while you were away 1");
        bobSays("general", "while you were away 2");
        bobSays("lobby", "lobby 1");
        bobSays("lobby", "lobby 2");
        bobSays("lobby", "lobby 3");

        ana.open();
        ana.inRoom("general");
        browser.until(() -> "3".equals(ana.unread("lobby")), "lobby's unread count, a room never opened here");
        ana.awaitMessage("while you were away 2");
        List<String> order = ana.strings("return [...document.querySelectorAll('.message-list > li')]"
                + ".map(li => li.classList.contains('unread-divider') ? 'NEW' : (li.querySelector('.msg-text') || {}).textContent)"
                + ".filter(Boolean)");
        assertThat(order.subList(order.indexOf("NEW") - 1, order.indexOf("NEW") + 2))
                .as("the New line above what came while the tab was closed")
                .containsExactly("seen at once", "NEW", "while you were away 1");
        browser.until(() -> browser.driver().getTitle().equals("3 new · Chat"), "the title to count lobby's 3");
    }

    /** Review item 6: two messages of one person are two, with a gap; the lines of one message have none. */
    @Test
    void consecutive_messages_of_one_person_are_set_apart_more_than_the_lines_of_one_message() {
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        bobSays("general", "one\ntwo");
        bobSays("general", "three");
        ana.awaitMessage("three");
        @SuppressWarnings("unchecked")
        List<Number> tops = (List<Number>) ana.script("""
                const rows = [...document.querySelectorAll('.message-list li.msg .msg-text')];
                const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el);
                  return [...r.getClientRects()].map((x) => x.top); };
                const first = [...new Set(lines(rows[rows.length - 2]))];
                const second = [...new Set(lines(rows[rows.length - 1]))];
                return [first[0], first[first.length - 1], second[0]];
                """);
        double lineStep = tops.get(1).doubleValue() - tops.get(0).doubleValue();
        double messageStep = tops.get(2).doubleValue() - tops.get(1).doubleValue();
        assertThat(lineStep).as("two lines in the first message").isPositive();
        assertThat(messageStep - lineStep)
                .as("px more from one message to the next than from one line to the next")
                .isGreaterThanOrEqualTo(5);
    }

    /** Review item 8: a draft survives a refresh; a long topic can be read whole. */
    @Test
    void a_draft_survives_a_refresh_and_a_long_topic_can_be_read_whole() {
        String topic = "Everything about the quarterly planning of the platform team, including the long list of"
                + " dependencies and the people to ask about each of them";
        room("planning", topic);
        anaJoins("planning");
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        ana.type("half a thought");
        ana.refresh();
        ana.inRoom("general");
        assertThat(browser.await(By.id("message-input")).getAttribute("value")).isEqualTo("half a thought");

        ana.openRoom("planning");
        WebElement shown = browser.await(By.id("room-topic"));
        assertThat((Boolean) ana.script("return arguments[0].scrollWidth > arguments[0].clientWidth", shown))
                .as("cut on one line at first")
                .isTrue();
        shown.click();
        browser.until(
                () -> !(Boolean) ana.script("return arguments[0].scrollWidth > arguments[0].clientWidth", shown),
                "the whole topic");
        assertThat(shown.getText()).isEqualTo(topic);
    }

    /** Review item 8: "Q&A room" is offered as q-a-room, and once made, the keyboard is in its composer. */
    @Test
    void a_room_name_with_spaces_is_offered_in_the_allowed_shape_and_the_new_rooms_composer_has_the_keyboard() {
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        browser.await(By.id("new-room")).click();
        browser.await(By.id("room-name")).sendKeys("Q&A room");
        browser.awaitText(By.id("room-name-as"), "#q-a-room");
        browser.await(By.id("create-room-submit")).click();
        ana.inRoom("q-a-room");
        assertThat(ana.script("return document.activeElement.id")).isEqualTo("message-input");
    }

    /** Review item 9: offline, nobody is claimed online, and what was written then says when it went. */
    @Test
    void offline_the_online_list_claims_nobody_and_a_message_written_then_is_marked_sent_when_back() {
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        assertThat(browser.await(By.cssSelector("#people h3")).getText()).isEqualTo("Online — 1");
        int port = app.port();
        browser.allowConsoleErrors(OUTAGE);
        app.close();
        browser.until(() -> !"connected".equals(ana.connection()), "the page to notice the server is gone");
        assertThat(browser.await(By.cssSelector("#people h3")).getText())
                .as("no count of people online while it is not known")
                .isEqualTo("Online");
        assertThat(ana.online()).isEmpty();
        assertThat(browser.await(By.cssSelector("#people")).getText()).contains("not known while you are offline");
        ana.send("written offline");
        browser.until(
                () -> browser.driver()
                        .findElement(By.cssSelector(".message-list li.msg.pending .msg-state"))
                        .getText()
                        .equals("will be sent when you are back online"),
                "the pending message to say when it goes");
        browser.screenshot("offline-state");
        app = Servers.start(data, "--rate-limit", "0", "--port", String.valueOf(port));
        ana.awaitMessage("written offline");
        browser.until(
                () -> !browser.driver()
                        .findElements(By.cssSelector(".message-list li.msg .sent-when-back"))
                        .isEmpty(),
                "the stored message marked");
    }

    /** Deep links: the address names the room (and a message); Back and Forward move between rooms. */
    @Test
    void the_address_follows_the_room_back_and_forward_move_between_rooms_and_a_message_link_scrolls_to_it() {
        room("lobby", "");
        anaJoins("lobby");
        for (int i = 1; i <= 120; i++) {
            bobSays("general", "general " + i);
        }
        Browser browser = browsers.launch("ana");
        browser.open("http://127.0.0.1:" + app.port() + "/#/room/lobby");
        ChatPage ana = new ChatPage(browser, app.port());
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("lobby");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/#/room/lobby");

        ana.openRoom("general");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/#/room/general");
        browser.driver().navigate().back();
        ana.inRoom("lobby");
        browser.driver().navigate().forward();
        ana.inRoom("general");

        // A link to the third message of general: older than the pages shown, so the page reads back to it.
        ana.script("location.hash = '#/room/general/message/3'");
        browser.until(() -> ana.ids().contains(3L), "message 3 loaded");
        browser.until(
                () -> (Boolean) ana.script(
                        "const r = document.querySelector(\".message-list li.msg[data-id='3']\").getBoundingClientRect();"
                                + " const l = document.getElementById('messages').getBoundingClientRect();"
                                + " return r.top >= l.top && r.bottom <= l.bottom;"),
                "message 3 scrolled into view");
        assertThat(browser.await(By.cssSelector(".message-list li.msg[data-id='3']"))
                        .getAttribute("class"))
                .contains("flash");
    }

    /** Review item 7: a room someone creates shows in the list at once (the list was read every 15 s), and goes. */
    @Test
    void a_public_room_someone_creates_or_deletes_comes_and_goes_in_the_list_at_once() {
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        room("fresh", "just made");
        browser.until(() -> ana.lists("fresh"), Duration.ofSeconds(3), "the new room in ana's list");
        assertThat(api.request("DELETE", "/api/rooms/fresh", null, bobToken).status())
                .isEqualTo(204);
        browser.until(() -> !ana.lists("fresh"), Duration.ofSeconds(3), "the deleted room gone from it");
    }

    /** Quick switcher: Ctrl+K, a few letters, Enter; the keyboard lands in the room's composer. */
    @Test
    void ctrl_k_finds_a_room_by_a_few_letters_and_opens_it_with_the_keyboard_in_its_composer() {
        room("lobby", "");
        room("lobster-fans", "");
        room("design", "");
        Browser browser = browsers.launch("ana");
        ChatPage ana = anaIn(browser, "general");
        browser.await(By.id("message-input")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
        WebElement find = browser.await(By.id("switch-input"));
        assertThat(ana.script("return document.activeElement.id")).isEqualTo("switch-input");
        find.sendKeys("lob");
        browser.until(
                () -> ana.strings("return [...document.querySelectorAll('#switch-list [role=option]')]"
                                + ".map(o => o.dataset.room)")
                        .equals(List.of("lobby", "lobster-fans")),
                "the two rooms that start with lob");
        find.sendKeys(Keys.ARROW_DOWN);
        assertThat(find.getAttribute("aria-activedescendant")).isEqualTo("switch-option-1");
        browser.screenshot("quick-switcher");
        find.sendKeys(Keys.ENTER);
        ana.inRoom("lobster-fans");
        assertThat(ana.script("return document.activeElement.id")).isEqualTo("message-input");
    }
}
