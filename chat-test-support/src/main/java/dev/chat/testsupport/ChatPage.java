package dev.chat.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The chat page in one browser, driven the way a person uses it: by labels, buttons and keys. */
public final class ChatPage {

    private final Browser browser;
    private final String url;

    public ChatPage(Browser browser, int port) {
        this.browser = browser;
        this.url = "http://127.0.0.1:" + port + "/";
    }

    public Browser browser() {
        return browser;
    }

    public ChatPage open() {
        browser.open(url);
        browser.until(
                () -> !browser.driver().findElements(By.id("auth-form")).isEmpty()
                        || !browser.driver().findElements(By.id("me")).isEmpty(),
                "the page to show sign-in or the chat");
        return this;
    }

    public void refresh() {
        browser.driver().navigate().refresh();
        browser.until(
                () -> !browser.driver().findElements(By.id("auth-form")).isEmpty()
                        || !browser.driver().findElements(By.id("me")).isEmpty(),
                "the page to load again");
    }

    // ---- accounts ------------------------------------------------------------------------------

    public void fillCredentials(String user, String password) {
        WebElement name = browser.await(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.await(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
    }

    /** Submits the create-account form; returns without waiting (the caller checks the outcome). */
    public void register(String user, String password) {
        browser.await(By.id("tab-register")).click();
        fillCredentials(user, password);
        browser.await(By.id("auth-submit")).click();
    }

    public void signIn(String user, String password) {
        browser.await(By.id("tab-signin")).click();
        fillCredentials(user, password);
        browser.await(By.id("auth-submit")).click();
    }

    public ChatPage signedInAs(String user) {
        browser.awaitText(By.id("me"), user);
        return this;
    }

    public String authError() {
        return browser.await(By.id("auth-error")).getText();
    }

    public void signOut() {
        browser.await(By.id("sign-out")).click();
        browser.await(By.id("auth-form"));
    }

    public boolean showsSignIn() {
        return !browser.driver().findElements(By.id("auth-form")).isEmpty();
    }

    // ---- rooms ---------------------------------------------------------------------------------

    public void createRoom(String name, String topic) {
        createRoom(name, topic, false);
    }

    /** Creates a room through the dialog, ticking "Private" when {@code secret}, and waits to be in it. */
    public void createRoom(String name, String topic, boolean secret) {
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

    public WebElement roomButton(String room) {
        return browser.await(By.cssSelector(".room-item[data-room='" + room + "']"));
    }

    public void openRoom(String room) {
        roomButton(room).click();
        inRoom(room);
    }

    public void inRoom(String room) {
        browser.awaitText(By.id("room-title"), "#" + room);
        browser.until(() -> "connected".equals(connection()), "the connection to be up");
    }

    /** Whether the room list shows the room at all (in any of its sections). */
    public boolean lists(String room) {
        return !browser.driver()
                .findElements(By.cssSelector(".room-item[data-room='" + room + "']"))
                .isEmpty();
    }

    // ---- direct messages and members -------------------------------------------------------------

    /** The "Direct messages" entry shown as {@code label} (the other people's names). */
    public WebElement dm(String label) {
        return browser.await(By.xpath("//ul[@id='dms']//button[contains(@class,'room-item')]"
                + "[.//span[@class='room-name' and normalize-space()='" + label + "']]"));
    }

    /** The labels of the "Direct messages" section, top to bottom. */
    public List<String> dmLabels() {
        return strings("return [...document.querySelectorAll('#dms .room-item .room-name')].map(e => e.textContent)");
    }

    /** Opens the "New message" dialog and enters each name as a person would (typed, then Enter). */
    public void startMessage(String... users) {
        browser.await(By.id("new-dm")).click();
        WebElement to = browser.await(By.id("dm-person"));
        for (String user : users) {
            to.sendKeys(user, Keys.ENTER);
        }
    }

    /** The people the "New message" dialog offers to complete a name with. */
    public List<String> dmSuggestions() {
        return strings("return [...document.querySelectorAll('#dm-people option')].map(o => o.value)");
    }

    /** Opens the members panel of the open room. */
    public void openMembers() {
        browser.await(By.id("members-toggle")).click();
        browser.await(By.cssSelector("#member-list li.member"));
    }

    public void closeMembers() {
        browser.await(By.cssSelector("#members-panel .modal-footer .btn-secondary"))
                .click();
        browser.until(
                () -> browser.driver().findElements(By.id("members-panel")).isEmpty(), "the panel to close");
    }

    /** The role the members panel shows for {@code user}, or "" when it does not list them. */
    public String role(String user) {
        List<WebElement> row =
                browser.driver().findElements(By.cssSelector("#member-list li[data-user='" + user + "']"));
        return row.isEmpty() ? "" : row.get(0).getAttribute("data-role");
    }

    public void addMember(String user) {
        browser.await(By.id("member-name")).sendKeys(user);
        browser.await(By.id("member-add")).click();
        browser.until(() -> role(user).equals("member"), user + " to be listed as a member");
    }

    public void removeMember(String user) {
        memberButton(user, "member-remove").click();
        browser.until(() -> role(user).isEmpty(), user + " to leave the member list");
    }

    public void makeModerator(String user) {
        memberButton(user, "member-role-toggle").click();
        browser.until(() -> role(user).equals("moderator"), user + " to be a moderator");
    }

    public WebElement memberButton(String user, String kind) {
        return browser.await(By.cssSelector("#member-list li[data-user='" + user + "'] ." + kind));
    }

    /** The unread badge of a room in the list, or "" when it has none. */
    public String unread(String room) {
        List<WebElement> badge = roomButton(room).findElements(By.cssSelector(".unread"));
        return badge.isEmpty() ? "" : badge.get(0).getText();
    }

    public String connection() {
        List<WebElement> status = browser.driver().findElements(By.id("connection"));
        return status.isEmpty() ? "" : status.get(0).getAttribute("data-state");
    }

    // ---- messages ------------------------------------------------------------------------------

    /** Types text into the composer; a line break is typed as Shift+Enter, as a person would. */
    public void type(String text) {
        WebElement input = browser.await(By.id("message-input"));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            input.sendKeys(lines[i]);
        }
    }

    public void clearInput() {
        WebElement input = browser.await(By.id("message-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    public void send(String text) {
        type(text);
        browser.await(By.id("message-input")).sendKeys(Keys.ENTER);
    }

    /** Texts of the stored messages shown, top to bottom. */
    public List<String> texts() {
        return strings("return [...document.querySelectorAll('.message-list li.msg:not(.pending) .msg-text')]"
                + ".map(e => e.textContent)");
    }

    /** Ids of the stored messages shown, top to bottom. */
    public List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (String id : strings(
                "return [...document.querySelectorAll('.message-list li.msg[data-id]')]" + ".map(e => e.dataset.id)")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }

    /** Scrolls the message list to the top until the room's very first message is loaded. */
    public void scrollToStart() {
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

    public int pendingCount() {
        return browser.driver()
                .findElements(By.cssSelector(".message-list li.msg.pending"))
                .size();
    }

    public void awaitMessage(String text) {
        browser.until(() -> texts().contains(text), "message '" + text + "' to show");
    }

    public String typingLine() {
        return browser.await(By.id("typing")).getText();
    }

    public List<String> online() {
        return strings("return [...document.querySelectorAll('#people .online-name')].map(e => e.textContent)");
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String script) {
        Object result = ((JavascriptExecutor) browser.driver()).executeScript(script);
        if (result == null) {
            throw new IllegalStateException("the script returned nothing, not a list: " + script);
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) result) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    public static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }
}
