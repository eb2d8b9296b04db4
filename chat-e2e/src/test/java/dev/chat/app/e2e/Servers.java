package dev.chat.app.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.testsupport.Dynalite;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Starts real servers on free loopback ports, on a SQLite folder or DynamoDB tables of the test's. */
final class Servers {

    /**
     * Password hashes at a test's cost (Argon2id, 64 KiB, one pass: about 1 ms against 80–170 ms): these servers
     * sign people up and in thousands of times in a build. A test about what hashing costs passes
     * {@link #REAL_HASHING} after it, which wins.
     */
    static final List<String> LIGHT_HASHING = List.of("--argon2-memory", "64", "--argon2-passes", "1");

    /** The server's default cost, OWASP's minimum. */
    static final List<String> REAL_HASHING = List.of("--argon2-memory", "19456", "--argon2-passes", "2");

    private Servers() {}

    /** {@code first}, then {@code then}: options, where a later one wins. */
    static List<String> options(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    /**
     * Where the servers of one test keep their data: a SQLite folder, or a table prefix on a DynamoDB-compatible
     * server. Every node started from one {@code Storage} shares the same data, as the nodes of one deployment do.
     */
    record Storage(List<String> args) {

        static Storage sqlite(Path dataDir) {
            return new Storage(List.of("--data-dir", dataDir.toString()));
        }

        /** Fresh tables on the shared dynalite (or {@code CHAT_TEST_DYNAMODB_ENDPOINT}) that no other test sees. */
        static Storage dynamo() {
            return dynamo(Dynalite.shared(), Dynalite.uniquePrefix());
        }

        /** The tables named {@code prefix*} at {@code endpoint}, created at start if missing. */
        static Storage dynamo(URI endpoint, String prefix) {
            return new Storage(List.of(
                    "--store",
                    "dynamodb",
                    "--dynamodb-endpoint",
                    endpoint.toString(),
                    "--dynamodb-table-prefix",
                    prefix,
                    "--dynamodb-create-tables",
                    "true"));
        }

        /** Fresh storage of the given kind for one test; {@code dataDir} is used by SQLite only. */
        static Storage fresh(Config.Store store, Path dataDir) {
            return switch (store) {
                case SQLITE -> sqlite(dataDir);
                case DYNAMODB -> dynamo();
            };
        }

        Config config(String... extra) {
            List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--shutdown-grace", "3s"));
            all.addAll(LIGHT_HASHING);
            all.addAll(args);
            all.addAll(List.of(extra));
            return Config.load(all.toArray(String[]::new), Map.of());
        }

        ChatApplication start(String... extra) {
            return Servers.start(config(extra));
        }
    }

    static ChatApplication start(Path dataDir, String... extra) {
        return Storage.sqlite(dataDir).start(extra);
    }

    /**
     * What {@link ChatApplication} logs at WARN or above while a server on {@code dataDir} with {@code extra} starts
     * (the server is stopped again before this returns).
     */
    static List<String> warningsOfAStart(Path dataDir, String... extra) {
        Logger logger = (Logger) LoggerFactory.getLogger(ChatApplication.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            start(dataDir, extra).close();
        } finally {
            logger.detachAppender(lines);
        }
        return lines.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** A server on the shared dynalite's tables named {@code prefix*}; two servers given one prefix share them. */
    static ChatApplication startOnDynamo(String prefix, String... extra) {
        return Storage.dynamo(Dynalite.shared(), prefix).start(extra);
    }

    /**
     * Makes {@code name}'s account the way an operator does on the server (an account the admin list may make
     * an admin) and signs in; returns the bearer token.
     */
    static String admin(ChatApplication app, String name, String password) {
        app.core().operators().createAccount(Username.of(name), new Password(password));
        return new Api(app.port()).login(name, password);
    }

    static ChatApplication start(Config config) {
        try {
            return ChatApplication.start(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This checkout's root, found from the module's working folder upwards. */
    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("deploy"))) {
                return d;
            }
        }
        throw new IllegalStateException("No checkout above " + dir);
    }
}
