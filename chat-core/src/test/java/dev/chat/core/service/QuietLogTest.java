package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Thousands of identical failures a second (every send while the store is down) make one line per interval. */
class QuietLogTest {

    private final List<String> warnings = new ArrayList<>();

    /** A logger that keeps what {@code warn} was given. */
    private Logger recording() {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        warnings.add(Arrays.deepToString(args));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void a_burst_of_failures_is_one_line_and_the_next_line_says_how_many_were_left_out() throws Exception {
        Logger log = recording();
        QuietLog quiet = new QuietLog(Duration.ofMillis(300));
        RuntimeException down = new IllegalStateException("store down");

        for (int i = 0; i < 1_000; i++) {
            quiet.warn(log, "Could not store a message", down);
        }
        assertThat(warnings).hasSize(1);

        Thread.sleep(350);
        quiet.warn(log, "Could not store a message", down);

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("store down").contains("999");
    }
}
