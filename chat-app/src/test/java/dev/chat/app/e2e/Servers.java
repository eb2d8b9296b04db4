package dev.chat.app.e2e;

import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts real servers on free loopback ports with a data folder of the test's. */
final class Servers {

    private Servers() {
    }

    static Config config(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--shutdown-grace", "3s"));
        args.addAll(List.of(extra));
        return Config.load(args.toArray(String[]::new), Map.of());
    }

    static ChatApplication start(Path dataDir, String... extra) {
        try {
            return ChatApplication.start(config(dataDir, extra));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
