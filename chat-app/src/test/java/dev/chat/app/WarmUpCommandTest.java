package dev.chat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code warm-up}: a server goes through its first steps and stops, leaving nothing behind. */
class WarmUpCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void a_server_starts_signs_up_posts_over_a_websocket_is_scraped_and_stops_leaving_no_folder() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var list = Files.list(tmp)) {
            before = list.filter(p -> p.getFileName().toString().startsWith("chat-warm-up-"))
                    .count();
        }

        int code = WarmUpCommand.run(new String[0], print(out), print(err));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Warmed up");
        try (var list = Files.list(tmp)) {
            assertThat(list.filter(p -> p.getFileName().toString().startsWith("chat-warm-up-"))
                            .count())
                    .as("its throwaway store is deleted")
                    .isEqualTo(before);
        }
    }

    @Test
    void it_takes_no_options() {
        assertThat(WarmUpCommand.run(new String[] {"--port", "8080"}, print(out), print(err)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warm-up takes no options");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
