package dev.chat.adapters.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB-compatible server for the tests: npm {@code dynalite}, pinned in {@code tools/dynalite}, run
 * with plain {@code node} on a free loopback port and stopped by its PID. It fails loudly when it cannot
 * start: a DynamoDB test is never skipped.
 *
 * <p>{@link #shared()} honours {@code CHAT_TEST_DYNAMODB_ENDPOINT}, so the tests can run against LocalStack
 * or real DynamoDB instead; tests that stop and restart the server always start their own.
 */
public final class Dynalite implements AutoCloseable {

    public static final String ENDPOINT_VARIABLE = "CHAT_TEST_DYNAMODB_ENDPOINT";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static Dynalite shared;

    private final Optional<Path> dataDir;
    private final URI endpoint;
    private Process process;

    private Dynalite(Optional<Path> dataDir, URI endpoint) {
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    /**
     * One server for the whole test run (or the endpoint in {@code CHAT_TEST_DYNAMODB_ENDPOINT}); tests keep
     * apart by using their own {@link #uniquePrefix() table prefix}. Stopped when the JVM exits.
     */
    public static synchronized URI shared() {
        String external = System.getenv(ENDPOINT_VARIABLE);
        if (external != null && !external.isBlank()) {
            return URI.create(external.trim());
        }
        if (shared == null) {
            shared = start(Optional.empty());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "dynalite-stop"));
        }
        return shared.endpoint;
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
        Dynalite dynalite = new Dynalite(dataDir, URI.create("http://127.0.0.1:" + freePort()));
        dynalite.launch();
        return dynalite;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL), as a crash or a network cut would look to the app. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Starts the server again on the same port; with a data folder, with the same tables and items. */
    public void restart() {
        kill();
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("dynalite (pid " + process.pid() + ") did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        Path cli = toolsDir().resolve("node_modules/dynalite/cli.js");
        // serve.js runs cli.js with the same arguments, in a process a client's hang-up cannot end.
        Path serve = toolsDir().resolve("serve.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed: run `npm ci` in " + toolsDir()
                    + " (the README's test command does), or set " + ENDPOINT_VARIABLE);
        }
        List<String> command = new ArrayList<>(List.of("node", serve.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(endpoint.getPort()),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        dataDir.ifPresent(dir -> command.addAll(List.of("--path", dir.toString())));
        try {
            // A server with a data folder is one a test stops and starts again: what it says goes to a log beside
            // the folder, for whoever reads a failure.
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.map(dir -> ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
                            .orElse(ProcessBuilder.Redirect.DISCARD))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start dynalite with `node` (is Node.js installed?)", e);
        }
        awaitListening();
    }

    /** Where a server with a data folder writes what it says: {@code <folder>.log}. */
    public static Path log(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited at start with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("dynalite did not listen on " + endpoint + " within " + START_TIMEOUT);
    }

    /** {@code tools/dynalite} of this checkout, found from the module's working folder upwards. */
    static Path toolsDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("tools/dynalite");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No tools/dynalite/package.json above " + dir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
