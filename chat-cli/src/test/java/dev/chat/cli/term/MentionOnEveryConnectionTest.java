package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.cli.Cli;
import dev.chat.cli.Peer;
import dev.chat.client.testing.TestServer;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.Browsers;
import dev.chat.testsupport.ChatPage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;

/**
 * One mention, every connection of the one it calls: bob has the terminal open in #random and the browser page open
 * in #random too, in a tab hidden behind another, allowed to notify; ana calls him in #general, which neither has
 * open. The terminal rings and highlights the line; the page counts it in its title and makes a desktop
 * {@code Notification} (seen through the harness's spy, put in before the page's scripts run).
 */
class MentionOnEveryConnectionTest {

    /** An SGR sequence that turns reverse video on. */
    private static final Pattern REVERSE = Pattern.compile("\u001b\\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m");

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private final Browsers browsers = new Browsers();

    @AfterEach
    void stop() {
        try {
            browsers.close();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void a_mention_in_a_room_bob_has_open_nowhere_reaches_his_terminal_and_his_browser_which_notifies()
            throws Exception {
        server = TestServer.start(data);
        String anaToken = server.signUp("ana");
        String bobToken = server.signUp("bob");
        server.createRoom(anaToken, "random");
        Peer.connect(server, bobToken).join("general").close(); // bob is a member of #general from now on
        new Cli(config).login(server, "bob");

        Browser bobs = browsers.launch("bob");
        bobs.spyOnNotifications();
        bobs.cdp(
                "Browser.grantPermissions",
                Map.of("permissions", List.of("notifications"), "origin", "http://127.0.0.1:" + server.port()));
        ChatPage page = new ChatPage(bobs, server.port()).open();
        page.signIn("bob", TestServer.PASSWORD);
        page.signedInAs("bob").openRoom("random");
        page.inRoom("random");
        String pageTab = bobs.driver().getWindowHandle();
        bobs.driver().switchTo().newWindow(WindowType.TAB); // the chat's tab is now hidden behind this one

        try (PipedTerminal terminal = new PipedTerminal(config, "xterm-256color", Map.of(), "room", "random");
                Peer ana = Peer.connect(server, anaToken).join("general")) {
            terminal.await("You are in #random");
            assertThat(terminal.bytes()).doesNotContain((byte) 7);

            ana.say("general", "@bob the release is out");

            String screen = terminal.await("the release is out");
            assertThat(terminal.bytes()).as("the terminal rang").contains((byte) 7);
            int at = screen.indexOf("the release is out");
            String line = screen.substring(screen.lastIndexOf('\n', at), at);
            assertThat(line).contains("#general").contains("ana");
            assertThat(REVERSE.matcher(line).find())
                    .as("highlighted: %s", line.replace('\u001b', '⎋'))
                    .isTrue();

            // The page gets the mention at its own pace (on a loaded machine, seconds after the terminal): its title
            // says so, read from the list of tabs, so the tab stays hidden until the page has handled it.
            bobs.until(() -> tabTitles(bobs).contains("(1) Chat"), "the hidden page's title to count the mention");
            bobs.driver().switchTo().window(pageTab);
            bobs.until(() -> "(1) Chat".equals(bobs.driver().getTitle()), "the page's title to count the mention");
            bobs.until(
                    () -> ((Number) page.script("return window.__notifications.length")).intValue() > 0,
                    "the page's notification");
            assertThat(page.script(
                            "return window.__notifications.map((n) => [n.title, n.body, n.madeWhile].join('|'))"))
                    .as("one notification, made while the page was hidden")
                    .isEqualTo(List.of("ana mentioned you in #general|@bob the release is out|hidden"));
        }
    }

    /** The titles of the browser's tabs, hidden ones included, without bringing any to the front. */
    @SuppressWarnings("unchecked")
    private static List<String> tabTitles(Browser browser) {
        List<Map<String, Object>> targets = (List<Map<String, Object>>)
                browser.cdp("Target.getTargets", Map.of()).get("targetInfos");
        return targets.stream()
                .filter(target -> "page".equals(target.get("type")))
                .map(target -> String.valueOf(target.get("title")))
                .toList();
    }
}
