package dev.chat.app.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The chat page in one browser, driven the way a person uses it: by labels, buttons and keys. */
final class ChatPage {

    private final Browser browser;
    private final String url;

    ChatPage(Browser browser, int port) {
        this.browser = browser;
        this.url = "http://127.0.0.1:" + port + "/";
    }

    Browser browser() {
        return browser;
    }

    ChatPage open() {
        browser.open(url);
        browser.until(
                () -> !browser.driver().findElements(By.id("auth-form")).isEmpty()
                        || !browser.driver().findElements(By.id("me")).isEmpty(),
                "the page to show sign-in or the chat");
        return this;
    }

    void refresh() {
        browser.driver().navigate().refresh();
        browser.until(
                () -> !browser.driver().findElements(By.id("auth-form")).isEmpty()
                        || !browser.driver().findElements(By.id("me")).isEmpty(),
                "the page to load again");
    }

    // ---- accounts ------------------------------------------------------------------------------

    void fillCredentials(String user, String password) {
        WebElement name = browser.await(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.await(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
    }

    /** Submits the create-account form; returns without waiting (the caller checks the outcome). */
    void register(String user, String password) {
        browser.await(By.id("tab-register")).click();
        fillCredentials(user, password);
        browser.await(By.id("auth-submit")).click();
    }

    void signIn(String user, String password) {
        browser.await(By.id("tab-signin")).click();
        fillCredentials(user, password);
        browser.await(By.id("auth-submit")).click();
    }

    ChatPage signedInAs(String user) {
        browser.awaitText(By.id("me"), user);
        return this;
    }

    String authError() {
        return browser.await(By.id("auth-error")).getText();
    }

    void signOut() {
        browser.await(By.id("sign-out")).click();
        browser.await(By.id("auth-form"));
    }

    boolean showsSignIn() {
        return !browser.driver().findElements(By.id("auth-form")).isEmpty();
    }

    // ---- rooms ---------------------------------------------------------------------------------

    void createRoom(String name, String topic) {
        createRoom(name, topic, false);
    }

    /** Creates a room through the dialog, ticking "Private" when {@code secret}, and waits to be in it. */
    void createRoom(String name, String topic, boolean secret) {
        browser.await(By.id("new-room")).click();
        browser.await(By.id("room-name")).sendKeys(name);
        browser.await(By.id("room-topic")).sendKeys(topic);
        if (secret) {
            browser.await(By.id("room-private")).click();
        }
        browser.await(By.id("create-room-submit")).click();
        browser.until(
                () -> browser.driver().findElements(By.id("create-room-form")).isEmpty(), "the dialog to close");
        inRoom(name);
    }

    WebElement roomButton(String room) {
        return browser.await(By.cssSelector(".room-item[data-room='" + room + "']"));
    }

    void openRoom(String room) {
        roomButton(room).click();
        inRoom(room);
    }

    void inRoom(String room) {
        browser.awaitText(By.id("room-title"), "#" + room);
        browser.until(() -> "connected".equals(connection()), "the connection to be up");
    }

    /** Whether the room list shows the room at all (in any of its sections). */
    boolean lists(String room) {
        return !browser.driver()
                .findElements(By.cssSelector(".room-item[data-room='" + room + "']"))
                .isEmpty();
    }

    // ---- direct messages and members -------------------------------------------------------------

    /** The "Direct messages" entry shown as {@code label} (the other people's names). */
    WebElement dm(String label) {
        return browser.await(By.xpath("//ul[@id='dms']//button[contains(@class,'room-item')]"
                + "[.//span[@class='room-name' and normalize-space()='" + label + "']]"));
    }

    /** The labels of the "Direct messages" section, top to bottom. */
    List<String> dmLabels() {
        return strings("return [...document.querySelectorAll('#dms .room-item .room-name')].map(e => e.textContent)");
    }

    /** Opens the "New message" dialog and enters each name as a person would (typed, then Enter). */
    void startMessage(String... users) {
        browser.await(By.id("new-dm")).click();
        WebElement to = browser.await(By.id("dm-person"));
        for (String user : users) {
            to.sendKeys(user, Keys.ENTER);
        }
    }

    /** The people the "New message" dialog offers to complete a name with. */
    List<String> dmSuggestions() {
        return strings("return [...document.querySelectorAll('#dm-people option')].map(o => o.value)");
    }

    /** Opens the members panel of the open room. */
    void openMembers() {
        browser.await(By.id("members-toggle")).click();
        browser.await(By.cssSelector("#member-list li.member"));
    }

    void closeMembers() {
        browser.await(By.cssSelector("#members-panel .modal-footer .btn-secondary"))
                .click();
        browser.until(
                () -> browser.driver().findElements(By.id("members-panel")).isEmpty(), "the panel to close");
    }

    /** The role the members panel shows for {@code user}, or "" when it does not list them. */
    String role(String user) {
        List<WebElement> row =
                browser.driver().findElements(By.cssSelector("#member-list li[data-user='" + user + "']"));
        return row.isEmpty() ? "" : row.get(0).getAttribute("data-role");
    }

    void addMember(String user) {
        browser.await(By.id("member-name")).sendKeys(user);
        browser.await(By.id("member-add")).click();
        browser.until(() -> role(user).equals("member"), user + " to be listed as a member");
    }

    void removeMember(String user) {
        memberButton(user, "member-remove").click();
        browser.until(() -> role(user).isEmpty(), user + " to leave the member list");
    }

    void makeModerator(String user) {
        memberButton(user, "member-role-toggle").click();
        browser.until(() -> role(user).equals("moderator"), user + " to be a moderator");
    }

    WebElement memberButton(String user, String kind) {
        return browser.await(By.cssSelector("#member-list li[data-user='" + user + "'] ." + kind));
    }

    /** The unread badge of a room in the list, or "" when it has none. */
    String unread(String room) {
        List<WebElement> badge = roomButton(room).findElements(By.cssSelector(".unread"));
        return badge.isEmpty() ? "" : badge.get(0).getText();
    }

    String connection() {
        List<WebElement> status = browser.driver().findElements(By.id("connection"));
        return status.isEmpty() ? "" : status.get(0).getAttribute("data-state");
    }

    // ---- messages ------------------------------------------------------------------------------

    /** Types text into the composer; a line break is typed as Shift+Enter, as a person would. */
    void type(String text) {
        WebElement input = browser.await(By.id("message-input"));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            input.sendKeys(lines[i]);
        }
    }

    void clearInput() {
        WebElement input = browser.await(By.id("message-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    void send(String text) {
        type(text);
        browser.await(By.id("message-input")).sendKeys(Keys.ENTER);
    }

    /** Texts of the stored messages shown, top to bottom. */
    List<String> texts() {
        return strings("return [...document.querySelectorAll('.message-list li.msg:not(.pending) .msg-text')]"
                + ".map(e => e.textContent)");
    }

    /** Ids of the stored messages shown, top to bottom. */
    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (String id : strings(
                "return [...document.querySelectorAll('.message-list li.msg[data-id]')]" + ".map(e => e.dataset.id)")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }

    /** Scrolls the message list to the top until the room's very first message is loaded. */
    void scrollToStart() {
        while (browser.driver().findElements(By.id("room-start")).isEmpty()) {
            long oldest = ids().get(0);
            script("document.getElementById('messages').scrollTop = 0");
            browser.until(
                    () -> ids().get(0) < oldest
                            || !browser.driver()
                                    .findElements(By.id("room-start"))
                                    .isEmpty(),
                    "older messages");
        }
    }

    int pendingCount() {
        return browser.driver()
                .findElements(By.cssSelector(".message-list li.msg.pending"))
                .size();
    }

    void awaitMessage(String text) {
        browser.until(() -> texts().contains(text), "message '" + text + "' to show");
    }

    String typingLine() {
        return browser.await(By.id("typing")).getText();
    }

    List<String> online() {
        return strings("return [...document.querySelectorAll('#people .online-name')].map(e => e.textContent)");
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String script) {
        Object result = ((JavascriptExecutor) browser.driver()).executeScript(script);
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) result) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }
}
