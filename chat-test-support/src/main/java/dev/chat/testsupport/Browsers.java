package dev.chat.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The browsers one test launched: closing checks every console (the test's last step), then quits every browser
 * even when a check failed, so no Chromium outlives its test.
 */
public final class Browsers implements AutoCloseable {

    private final List<Browser> launched = new ArrayList<>();

    public Browser launch(String name) {
        Browser browser = Browser.launch(name);
        launched.add(browser);
        return browser;
    }

    @Override
    public void close() {
        try {
            for (Browser browser : launched) {
                browser.verifyConsole();
            }
        } finally {
            launched.forEach(Browser::close);
            launched.clear();
        }
    }
}
