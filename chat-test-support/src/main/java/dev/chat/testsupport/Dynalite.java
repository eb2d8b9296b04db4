package dev.chat.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB-compatible server for the tests: npm {@code dynalite}, pinned in {@code tools/dynalite}, run
 * with plain {@code node} on a free loopback port and stopped by its PID. It fails loudly when it cannot
 * start: a DynamoDB test is never skipped.
 *
 * <p>{@link #shared()} honours {@code CHAT_TEST_DYNAMODB_ENDPOINT}, so the tests can run against LocalStack
 * or real DynamoDB instead; tests that stop and restart the server always start their own.
 */
public final class Dynalite extends LocalServer {

    public static final String ENDPOINT_VARIABLE = "CHAT_TEST_DYNAMODB_ENDPOINT";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Object SHARED_LOCK = new Object();
    private static Dynalite shared;

    private final URI endpoint;

    private Dynalite(Optional<Path> dataDir, int port) {
        // A server with a data folder is one a test stops and starts again: what it says goes to a log beside
        // the folder, for whoever reads a failure.
        super(new LocalProcess(
                "dynalite",
                command(dataDir, port),
                port,
                START_TIMEOUT,
                dataDir.map(dir -> ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
                        .orElse(ProcessBuilder.Redirect.DISCARD),
                "is Node.js installed?"));
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    private static List<String> command(Optional<Path> dataDir, int port) {
        Path cli = toolsDir().resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed: run `npm ci` in " + toolsDir()
                    + " (the README's test command does), or set " + ENDPOINT_VARIABLE);
        }
        // serve.js runs cli.js with the same arguments, in a process a client's hang-up cannot end.
        List<String> command = new ArrayList<>(List.of(
                "node",
                toolsDir().resolve("serve.js").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0"));
        dataDir.ifPresent(dir -> command.addAll(List.of("--path", dir.toString())));
        return command;
    }

    /**
     * One server for the whole test run (or the endpoint in {@code CHAT_TEST_DYNAMODB_ENDPOINT}); tests keep
     * apart by using their own {@link #uniquePrefix() table prefix}. Stopped when the JVM exits.
     */
    public static URI shared() {
        String external = System.getenv(ENDPOINT_VARIABLE);
        if (external != null && !external.isBlank()) {
            return URI.create(external.trim());
        }
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                shared = start(Optional.empty());
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "dynalite-stop"));
            }
            return shared.endpoint;
        }
    }

    /** A table prefix no other test in this run uses, so tests sharing a server never see each other's data. */
    public static String uniquePrefix() {
        return "t" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + "-";
    }

    /** A server of the test's own, in memory. */
    public static Dynalite startInMemory() {
        return start(Optional.empty());
    }

    /** A server of the test's own that keeps its tables in {@code dataDir}, so a restart loses nothing. */
    public static Dynalite startPersistent(Path dataDir) {
        return start(Optional.of(dataDir));
    }

    private static Dynalite start(Optional<Path> dataDir) {
        Dynalite dynalite = new Dynalite(dataDir, LocalProcess.freePort());
        dynalite.process.start();
        return dynalite;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Where a server with a data folder writes what it says: {@code <folder>.log}. */
    public static Path log(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** {@code tools/dynalite} of this checkout, found from the module's working folder upwards. */
    public static Path toolsDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("tools/dynalite");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No tools/dynalite/package.json above " + dir);
    }
}
