package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.ChatPage;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The stored messages of the open room in one page, as a person works with them: found by their text, their
 * actions shown by pointing at them, and what each shows (the "(edited)" mark, reactions, the quote of a reply).
 */
final class MessageRows {

    /**
     * Every stored message shown, top to bottom, as one line each: {@code id|text|edited?|reactions}, reactions as
     * {@code emoji count} with a {@code *} for the reader's own; the same shape as {@link #line(JsonNode)}.
     */
    private static final String SHOWN = """
            return [...document.querySelectorAll('.message-list li.msg[data-id]')].map((li) => {
              const text = li.querySelector('.msg-text');
              const reactions = [...li.querySelectorAll('.reaction')].map((r) =>
                r.dataset.emoji + ' ' + r.querySelector('.reaction-count').textContent
                  + (r.getAttribute('aria-pressed') === 'true' ? '*' : ''));
              return [li.dataset.id, text ? text.textContent : '', li.querySelector('.msg-edited') ? 'edited' : '',
                reactions.join(',')].join('|');
            });
            """;

    private final ChatPage page;
    private final Browser browser;

    MessageRows(ChatPage page) {
        this.page = page;
        this.browser = page.browser();
    }

    /** The row of the stored message whose text is {@code text}. */
    WebElement row(String text) {
        return browser.until(
                d -> d.findElements(By.cssSelector(".message-list li.msg[data-id]")).stream()
                        .filter(li -> li.findElements(By.cssSelector(".msg-text")).stream()
                                .anyMatch(t -> t.getText().equals(text)))
                        .findFirst()
                        .orElse(null),
                "the message '" + text + "'");
    }

    long id(String text) {
        return Long.parseLong(row(text).getAttribute("data-id"));
    }

    /** Points at the message, which shows its actions, and clicks the one of class {@code action}. */
    void act(String text, String action) {
        WebElement row = row(text);
        new Actions(browser.driver()).moveToElement(row).perform();
        WebElement button = row.findElement(By.cssSelector(".msg-actions ." + action));
        try {
            browser.until(d -> button.isDisplayed(), "the " + action + " button to show");
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; "
                            + browser.script(
                                    "const a = arguments[0].querySelector('.msg-actions'); const s = getComputedStyle(a);"
                                            + "return 'hover=' + arguments[0].matches(':hover') + ' opacity=' + s.opacity + ' display=' + s.display"
                                            + " + ' rect=' + JSON.stringify(a.getBoundingClientRect())",
                                    row),
                    e);
        }
        button.click();
    }

    /** Whether the message offers the action of class {@code action} at all. */
    boolean offers(String text, String action) {
        return !row(text)
                .findElements(By.cssSelector(".msg-actions ." + action))
                .isEmpty();
    }

    /** The "(edited)" mark's text and tooltip, or null when the message shows none. */
    WebElement editedMark(String text) {
        List<WebElement> mark = row(text).findElements(By.cssSelector(".msg-edited"));
        return mark.isEmpty() ? null : mark.get(0);
    }

    /** The message's reactions as shown: {@code emoji count}, with {@code *} for the reader's own. */
    List<String> reactions(String text) {
        List<String> shown = new ArrayList<>();
        for (WebElement chip : row(text).findElements(By.cssSelector(".reaction"))) {
            shown.add(chip.getAttribute("data-emoji") + " "
                    + chip.findElement(By.cssSelector(".reaction-count")).getText()
                    + ("true".equals(chip.getAttribute("aria-pressed")) ? "*" : ""));
        }
        return shown;
    }

    /** The chip of one emoji under the message. */
    WebElement chip(String text, String emoji) {
        return row(text).findElement(By.cssSelector(".reaction[data-emoji='" + emoji + "']"));
    }

    /** The quote above a reply: its text, white space collapsed. */
    String quote(String text) {
        return String.valueOf(browser.script(
                "return arguments[0].textContent.replace(/\\s+/g, ' ').trim()",
                row(text).findElement(By.cssSelector(".reply-quote"))));
    }

    /** What the page shows of every stored message, top to bottom (see {@link #SHOWN}). */
    List<String> shown() {
        return page.strings(SHOWN);
    }

    /** A message object of the server in the shape of {@link #shown()}. */
    static String line(JsonNode message) {
        List<String> reactions = new ArrayList<>();
        for (JsonNode r : message.path("reactions")) {
            reactions.add(r.get("emoji").asText() + " " + r.get("count").asInt()
                    + (r.get("me").asBoolean() ? "*" : ""));
        }
        return String.join(
                "|",
                message.get("id").asText(),
                message.get("text").asText(),
                message.hasNonNull("edited") ? "edited" : "",
                String.join(",", reactions));
    }

    /** The id of the element that has the keyboard focus. */
    String focused() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }
}
