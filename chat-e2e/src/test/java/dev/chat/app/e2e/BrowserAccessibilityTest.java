package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The browser chat as assistive technology and the keyboard meet it, in real Chromium: axe-core (pinned in
 * {@code tools/axe}) finds nothing of serious or critical impact on the sign-in page, the chat page (light and dark,
 * desktop and phone, the phone's room drawer) and every dialog; and what axe cannot judge is checked as a user
 * would notice it: the contrast of the outline buttons, what room buttons are called, the message list holding
 * list items only, the main landmark and the h1, the sign-in tabs and the arrow keys, where Tab goes from the
 * room's header.
 */
class BrowserAccessibilityTest {

    /** While its server is away, Chromium logs each failed connection attempt as an error. */
    private static final Pattern OUTAGE = Pattern.compile(
            ".*(net::ERR_CONNECTION_REFUSED|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed).*");

    /** The contrast WCAG 2 asks of text under 18.66 px bold or 24 px (AA, 1.4.3). */
    private static final double TEXT_CONTRAST = 4.5;

    /**
     * The contrast of an element's text with what is behind it: the colours of the element and its ancestors
     * composed as the browser paints them (a translucent text or background over what is under it).
     */
    private static final String CONTRAST = """
            const parse = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
            const over = (top, under) => {
              const a = top[3] + under[3] * (1 - top[3]);
              return [0, 1, 2].map((i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat(a);
            };
            const luminance = (c) => {
              const [r, g, b] = c.slice(0, 3).map((v) => {
                const s = v / 255;
                return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
              });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const el = arguments[0];
            const layers = [];
            for (let e = el; e; e = e.parentElement) {
              const c = parse(getComputedStyle(e).backgroundColor);
              if (c[3] > 0) layers.push(c);
              if (c[3] >= 1) break;
            }
            let bg = [255, 255, 255, 1];
            for (const c of layers.reverse()) bg = over(c, bg);
            const fg = over(parse(getComputedStyle(el).color), bg);
            const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
            return (light + 0.05) / (dark + 0.05);
            """;

    /** The text of an element that the eye sees: text in boxes of more than one pixel (not visually hidden). */
    private static final String VISIBLE_TEXT = """
            const walker = document.createTreeWalker(arguments[0], NodeFilter.SHOW_TEXT);
            const seen = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const box = n.parentElement.getBoundingClientRect();
              if (box.width > 1 && box.height > 1 && n.parentElement.checkVisibility({ visibilityProperty: true })) {
                seen.push(n.textContent);
              }
            }
            return seen.join(' ');
            """;

    @TempDir
    Path data;

    private ChatApplication app;
    private WsClient bob;
    private final Browsers browsers = new Browsers();

    @AfterEach
    void stop() {
        try {
            browsers.close();
        } finally {
            if (bob != null) {
                bob.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    // ---- axe on every page state -----------------------------------------------------------------------------

    @Test
    void axe_finds_nothing_serious_on_the_sign_in_page_in_either_tab_light_or_dark_desktop_or_phone() {
        app = Servers.start(data);
        ChatPage page = new ChatPage(browsers.launch("visitor"), app.port()).open();
        Browser browser = page.browser();
        States states = new States(browser);
        for (String size : List.of("desktop", "phone")) {
            if (size.equals("phone")) {
                browser.phone();
            }
            for (String scheme : List.of("light", "dark")) {
                scheme(browser, scheme);
                browser.await(By.id("tab-signin")).click();
                states.check("sign in, " + scheme + ", " + size);
                browser.await(By.id("tab-register")).click();
                browser.awaitText(By.id("auth-submit"), "Create account");
                states.check("create account, " + scheme + ", " + size);
            }
        }
        states.assertClean();
    }

    @Test
    void axe_finds_nothing_serious_on_the_chat_page_light_and_dark_desktop_and_phone_nor_in_the_phone_drawer() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        browser.allowConsoleErrors(OUTAGE);
        States states = new States(browser);
        for (String scheme : List.of("light", "dark")) {
            scheme(browser, scheme);
            browser.desktop();
            states.check("chat, " + scheme + ", desktop");
            new MessageRows(ana).act("Morning! Notes at https://example.com/notes", "act-react");
            browser.await(By.id("emoji-picker"));
            states.check("chat with the emoji picker open, " + scheme + ", desktop");
            press(browser, Keys.ESCAPE);
            browser.until(
                    () -> browser.driver().findElements(By.id("emoji-picker")).isEmpty(), "the picker to close");

            browser.phone();
            browser.until(() -> browser.await(By.id("people-toggle")).isDisplayed(), "the phone layout");
            states.check("chat, " + scheme + ", phone");
            browser.await(By.id("people-toggle")).click();
            browser.await(By.id("people-popover"));
            states.check("chat with who is online shown, " + scheme + ", phone");
            browser.await(By.id("people-toggle")).click();
            browser.await(By.id("rooms-toggle")).click();
            browser.until(() -> browser.driver().findElement(By.id("rooms")).isDisplayed(), "the room drawer");
            states.check("room drawer, " + scheme + ", phone");
            browser.await(By.id("rooms-toggle")).click();
            browser.until(() -> !browser.driver().findElement(By.id("rooms")).isDisplayed(), "the drawer to close");

            browser.desktop();
            int port = app.port();
            app.close();
            app = null;
            browser.await(By.id("retry-now"));
            states.check("chat cut off, waiting to retry, " + scheme + ", desktop");
            app = Servers.start(data, "--rate-limit", "0", "--port", String.valueOf(port));
            // The page may find the server back by itself before the click (its retries are short): either way
            // it must end up connected.
            for (WebElement retry : browser.driver().findElements(By.id("retry-now"))) {
                try {
                    retry.click();
                } catch (StaleElementReferenceException reconnectedMeanwhile) {
                    // gone with the offline notice
                }
            }
            browser.until(() -> "connected".equals(ana.connection()), "the page to reconnect");
        }
        states.assertClean();
    }

    @Test
    void axe_finds_nothing_serious_in_any_dialog_light_or_dark() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        States states = new States(browser);
        for (String scheme : List.of("light", "dark")) {
            scheme(browser, scheme);
            dialog(browser, states, "new room, " + scheme, By.id("new-room"), "create-room-form");
            dialog(browser, states, "settings, " + scheme, By.id("settings-toggle"), "settings-panel");
            browser.await(By.id("new-dm")).click();
            browser.await(By.id("dm-person")).sendKeys("bob", Keys.ENTER);
            browser.await(By.id("dm-chosen"));
            states.check("new message, a person chosen, " + scheme);
            close(browser, "new-dm-form");
            ana.openRoom("lobby");
            dialog(
                    browser,
                    states,
                    "members of a room its owner sees, with its webhooks, " + scheme,
                    By.id("members-toggle"),
                    "members-panel");
            ana.openRoom("general");
            new MessageRows(ana).act("Morning! Notes at https://example.com/notes", "act-delete");
            browser.await(By.id("delete-message-panel"));
            states.check("delete a message, " + scheme);
            close(browser, "delete-message-panel");
        }
        states.assertClean();
    }

    /** The guard guarded: a button whose text is hard to read on the page fails the check, named and located. */
    @Test
    void a_planted_low_contrast_button_fails_the_axe_check() {
        app = Servers.start(data);
        Browser browser =
                new ChatPage(browsers.launch("visitor"), app.port()).open().browser();
        Axe.assertNoSeriousViolations(browser, "sign in, before the plant");
        browser.script("const b = document.createElement('button'); b.id = 'planted'; b.textContent = 'Planted';"
                + "b.style.color = '#999'; b.style.background = '#fff';"
                + "document.querySelector('main .card-body').append(b);");
        assertThatThrownBy(() -> Axe.assertNoSeriousViolations(browser, "sign in, with the plant"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("color-contrast (serious) at #planted")
                .hasMessageContaining("insufficient color contrast");
    }

    // ---- what axe does not judge, as a user notices it ------------------------------------------------------

    /** Bootstrap's outline buttons were 4.45:1 on the light top bar and 2.83:1 (Sign out) on the dark one. */
    @Test
    void outline_buttons_read_at_4_5_to_1_in_light_and_dark_on_desktop_and_phone() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        Map<String, Double> tooFaint = new LinkedHashMap<>();
        for (String scheme : List.of("light", "dark")) {
            scheme(browser, scheme);
            browser.desktop();
            contrast(
                    browser,
                    tooFaint,
                    scheme + ", desktop",
                    "sign-out",
                    "settings-toggle",
                    "leave-room",
                    "members-toggle",
                    "new-room",
                    "new-dm");
            browser.phone();
            contrast(
                    browser,
                    tooFaint,
                    scheme + ", phone",
                    "rooms-toggle",
                    "people-toggle",
                    "settings-toggle",
                    "sign-out",
                    "leave-room");
            browser.await(By.id("rooms-toggle")).click();
            browser.until(() -> browser.driver().findElement(By.id("rooms")).isDisplayed(), "the room drawer");
            contrast(browser, tooFaint, scheme + ", phone drawer", "new-room", "new-dm");
            browser.await(By.id("rooms-toggle")).click();
        }
        assertThat(tooFaint)
                .as("buttons whose text is under 4.5:1 on its background")
                .isEmpty();
    }

    /**
     * A room button says what it shows: its visible words (the name, the mention, unread and online counts) are
     * in its accessible name in the order they are shown, the visible label first, as speech input needs.
     */
    @Test
    void room_buttons_are_named_with_what_they_show_in_the_order_shown() {
        ChatPage ana = chatWithHistory("lobby");
        WebElement general = ana.roomButton("general");
        assertThat(general.findElements(By.cssSelector(".mention-badge, .unread")))
                .as("general shows a mention and unread messages")
                .hasSize(2);
        List<String> mismatched = new ArrayList<>();
        for (WebElement button : ana.browser().driver().findElements(By.cssSelector(".room-item"))) {
            String shown = String.valueOf(ana.script(VISIBLE_TEXT, button));
            String name = button.getAccessibleName();
            if (!inOrder(words(shown), words(name))) {
                mismatched.add("shows \"" + shown.replaceAll("\\s+", " ").trim() + "\", named \"" + name + "\"");
            }
        }
        assertThat(mismatched).isEmpty();
        assertThat(general.getAccessibleName())
                .as("the counts say what they count")
                .isEqualTo("general room, 1 mention, 3 unread, 2 online");
        assertThat(ana.roomButton("team").getAccessibleName()).isEqualTo("team private room, 1 online");
        assertThat(ana.dm("bob").getAccessibleName()).isEqualTo("bob direct message, 1 online");
    }

    /** The day line and the "New" line were separators inside the list; a list holds list items only. */
    @Test
    void every_child_of_the_message_list_is_a_list_item_the_day_and_new_lines_too() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        browser.await(By.cssSelector(".message-list .day-divider"));
        browser.await(By.cssSelector(".message-list .unread-divider"));
        List<String> roles = new ArrayList<>();
        for (WebElement child : browser.driver().findElements(By.cssSelector(".message-list > *"))) {
            roles.add(child.getAttribute("class") + ": " + child.getAriaRole());
        }
        assertThat(roles)
                .hasSizeGreaterThan(5)
                .allSatisfy(role -> assertThat(role).endsWith(": listitem"));
        assertThat(ana.strings("return [...document.querySelectorAll('.message-list > li:not(.msg)')]"
                        + ".map((li) => li.textContent)"))
                .as("what a screen reader reads of the two lines")
                .containsExactly("Today", "New messages");
    }

    /** The chat page had no main landmark and no h1 (its brand was a span styled as one); the sign-in page has both. */
    @Test
    void the_chat_page_has_one_main_landmark_and_one_h1_on_desktop_and_phone() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        for (String size : List.of("desktop", "phone")) {
            if (size.equals("phone")) {
                browser.phone();
            }
            List<WebElement> mains = landmarks(browser, "main");
            assertThat(mains).as("main landmarks, " + size).hasSize(1);
            assertThat(mains.get(0).findElements(By.id("message-input")))
                    .as("the open room is in the main landmark")
                    .hasSize(1);
            List<WebElement> headings =
                    browser.driver().findElements(By.cssSelector("h1, [role=heading][aria-level='1']"));
            assertThat(headings).as("h1, " + size).hasSize(1);
            assertThat(headings.get(0).getAccessibleName()).isEqualTo("Chat");
        }
    }

    /**
     * The sign-in tabs are one Tab stop; Left and Right move to the other tab and select it (wrapping), Home and
     * End go to the first and last, and the form below follows. They ignored the arrow keys.
     */
    @Test
    void the_sign_in_tabs_follow_the_arrow_keys_home_and_end() {
        app = Servers.start(data);
        Browser browser =
                new ChatPage(browsers.launch("visitor"), app.port()).open().browser();
        WebElement signIn = browser.await(By.id("tab-signin"));
        assertThat(browser.await(By.cssSelector("[role=tablist]")).findElements(By.cssSelector("[role=tab]")))
                .hasSize(2);
        signIn.click();

        press(browser, Keys.ARROW_RIGHT);
        assertSelected(browser, "tab-register", "Create account");
        press(browser, Keys.ARROW_RIGHT);
        assertSelected(browser, "tab-signin", "Sign in");
        press(browser, Keys.ARROW_LEFT);
        assertSelected(browser, "tab-register", "Create account");
        press(browser, Keys.HOME);
        assertSelected(browser, "tab-signin", "Sign in");
        press(browser, Keys.END);
        assertSelected(browser, "tab-register", "Create account");
        assertThat(browser.await(By.id("tab-signin")).getAttribute("tabindex"))
                .as("the tab not selected is out of the Tab order")
                .isEqualTo("-1");

        press(browser, Keys.TAB);
        assertThat(focusedId(browser)).as("Tab leaves the tabs for the form").isEqualTo("username");
        WebElement panel = browser.await(By.cssSelector("[role=tabpanel]"));
        assertThat(panel.findElements(By.id("auth-form"))).hasSize(1);
        assertThat(panel.getAccessibleName()).isEqualTo("Create account");
    }

    /**
     * Tab from the last button of the room's header reaches the composer at once; it came after every link and
     * button of the history. The composer is still drawn under the messages.
     */
    @Test
    void tab_from_the_room_header_reaches_the_composer_before_the_history() {
        ChatPage ana = chatWithHistory();
        Browser browser = ana.browser();
        browser.await(By.cssSelector(".message-list .msg-text a"));
        browser.await(By.id("leave-room")).sendKeys(Keys.TAB);
        assertThat(focusedId(browser)).isEqualTo("message-input");

        double composerTop = top(ana, "composer");
        double messagesBottom = ((Number)
                        ana.script("return document.getElementById('messages').getBoundingClientRect().bottom"))
                .doubleValue();
        assertThat(composerTop).as("the composer is drawn under the messages").isGreaterThanOrEqualTo(messagesBottom);

        press(browser, Keys.TAB); // Send, disabled while the box is empty, is skipped
        assertThat(focusedId(browser)).as("the history follows the composer").isEqualTo("messages");
    }

    // ---- the page they work on ------------------------------------------------------------------------------

    private ChatPage chatWithHistory() {
        return chatWithHistory("general");
    }

    /**
     * ana's page, left in {@code room} ("general" or "lobby"), with history in general: her own message with a
     * link, and bob's three after it (a mention of her, Markdown, a reply to hers) under a "New" line, her message
     * with bob's reaction; she also owns lobby (bob is a member), a private room, and a conversation with bob.
     * bob stays connected, in general and lobby.
     */
    private ChatPage chatWithHistory(String room) {
        app = Servers.start(data, "--rate-limit", "0");
        Api api = new Api(app.port());
        String ana = api.signUp("ana", "ana-password");
        String bobToken = api.signUp("bob", "bob-password");
        assertThat(api.post("/api/rooms", "{\"name\":\"lobby\",\"topic\":\"Say hello here\"}", ana)
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/rooms", "{\"name\":\"team\",\"visibility\":\"private\"}", ana)
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/dms", "{\"users\":[\"bob\"]}", ana).status()).isEqualTo(201);

        ChatPage page = new ChatPage(browsers.launch("ana"), app.port()).open();
        page.signIn("ana", "ana-password");
        page.signedInAs("ana").openRoom("general");
        String own = "Morning! Notes at https://example.com/notes";
        page.send(own);
        page.browser().until(() -> page.pendingCount() == 0 && page.texts().contains(own), "ana's message stored");
        long id = new MessageRows(page).id(own);
        page.openRoom("lobby");

        bob = WsClient.connect(app.port(), bobToken);
        bob.join("general");
        bob.join("lobby");
        bob.send("type", "react", "room", "general", "id", id, "emoji", "👍");
        post("general", "@ana have a look at these", "b-1", null);
        post("general", "**Bold**, `code` and\n> a quote", "b-2", null);
        post("general", "Thanks for the notes", "b-3", id);
        page.browser().until(() -> page.unread("general").equals("3"), "three unread in general");
        if (room.equals("general")) {
            page.openRoom("general");
            page.awaitMessage("Thanks for the notes");
        }
        return page;
    }

    private void post(String room, String text, String clientId, Long replyTo) {
        if (replyTo == null) {
            bob.send("type", "send", "room", room, "text", text, "clientId", clientId);
        } else {
            bob.send("type", "send", "room", room, "text", text, "clientId", clientId, "replyTo", replyTo);
        }
        bob.await(f -> "ack".equals(f.path("type").asText())
                && clientId.equals(f.path("clientId").asText()));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** axe's findings by page state: every state is checked before the test fails, listing all of them. */
    private static final class States {

        private final Browser browser;
        private final Map<String, String> failures = new LinkedHashMap<>();

        States(Browser browser) {
            this.browser = browser;
        }

        void check(String state) {
            try {
                Axe.assertNoSeriousViolations(browser, state);
            } catch (AssertionError e) {
                failures.put(state, e.getMessage());
            }
        }

        void assertClean() {
            assertThat(failures)
                    .as("axe's serious or critical violations by page state")
                    .isEmpty();
        }
    }

    private static void scheme(Browser browser, String scheme) {
        browser.colorScheme(scheme);
        browser.until(
                () -> scheme.equals(browser.script("return document.documentElement.dataset.bsTheme")),
                "the page to follow the " + scheme + " scheme");
    }

    private static void dialog(Browser browser, States states, String state, By opener, String dialogId) {
        browser.await(opener).click();
        browser.await(By.id(dialogId));
        states.check(state);
        close(browser, dialogId);
    }

    private static void close(Browser browser, String dialogId) {
        browser.await(By.cssSelector("#" + dialogId + " .btn-close")).click();
        browser.until(() -> browser.driver().findElements(By.id(dialogId)).isEmpty(), dialogId + " to close");
    }

    private static void contrast(Browser browser, Map<String, Double> tooFaint, String state, String... ids) {
        browser.script("return Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition)"
                + ".map((a) => a.finished.catch(() => null))).then(() => true)");
        for (String id : ids) {
            WebElement button = browser.await(By.id(id));
            double ratio = ((Number) browser.script(CONTRAST, button)).doubleValue();
            if (ratio < TEXT_CONTRAST) {
                tooFaint.put(button.getText() + " (#" + id + "), " + state, Math.round(ratio * 100) / 100.0);
            }
        }
    }

    private static List<WebElement> landmarks(Browser browser, String role) {
        return browser.driver().findElements(By.cssSelector(role + ", [role=" + role + "]")).stream()
                .filter(e -> role.equals(e.getAriaRole()))
                .toList();
    }

    private static void press(Browser browser, Keys key) {
        browser.driver().switchTo().activeElement().sendKeys(key);
    }

    private static void assertSelected(Browser browser, String tabId, String submitLabel) {
        assertThat(focusedId(browser)).as("focus follows the selection").isEqualTo(tabId);
        assertThat(browser.await(By.id(tabId)).getAttribute("aria-selected")).isEqualTo("true");
        assertThat(browser.await(By.id(tabId)).getAttribute("tabindex")).isEqualTo("0");
        browser.awaitText(By.id("auth-submit"), submitLabel);
    }

    private static String focusedId(Browser browser) {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

    private static double top(ChatPage page, String id) {
        return ((Number) page.script("return document.getElementById(arguments[0]).getBoundingClientRect().top", id))
                .doubleValue();
    }

    /** Words as speech input and axe compare them: lower case, punctuation and symbols dropped. */
    private static List<String> words(String text) {
        String plain = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .trim();
        return plain.isEmpty() ? List.of() : Arrays.asList(plain.split(" "));
    }

    /** Whether every word of {@code shown} is in {@code name}, in the same order, the first one first. */
    private static boolean inOrder(List<String> shown, List<String> name) {
        if (shown.isEmpty() || name.isEmpty() || !shown.get(0).equals(name.get(0))) {
            return false;
        }
        int at = 0;
        for (String word : shown) {
            while (at < name.size() && !name.get(at).equals(word)) {
                at++;
            }
            if (at == name.size()) {
                return false;
            }
            at++;
        }
        return true;
    }
}
