package dev.chat.app.e2e;

import dev.chat.testsupport.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node of a deployment as its own {@code java} process: the server's {@code Main} on a free loopback port,
 * its output in a log file, stopped (SIGTERM) or killed (SIGKILL) by its PID, and started again on the same port.
 * A node may run with its clock off by up to a few seconds (libfaketime), as machines without a synchronised
 * clock do.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

    /** Debian's package {@code faketime}; the library shifts the clock of the process it is preloaded into. */
    private static final List<Path> FAKETIME_LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"));

    private final String name;
    private final int port;
    private final Path log;
    private final List<String> options;
    private final Map<String, String> environment;
    private Duration skew = Duration.ZERO;
    private volatile LocalProcess process;

    private NodeProcess(String name, int port, Path log, List<String> options, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.options = List.copyOf(options);
        this.environment = Map.copyOf(environment);
    }

    /**
     * Starts {@code count} nodes with the same options at once and returns when every one answers
     * {@code /healthz}; their logs are {@code node-0.log}, {@code node-1.log}, … in {@code logDir}.
     */
    static List<NodeProcess> startAll(int count, Path logDir, List<String> options) {
        return startAll(count, logDir, options, Map.of());
    }

    /** As {@link #startAll(int, Path, List)}, with these environment variables too ({@code CHAT_LOG_LEVEL}, say). */
    static List<NodeProcess> startAll(int count, Path logDir, List<String> options, Map<String, String> environment) {
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                NodeProcess node = new NodeProcess(
                        "node-" + i,
                        LocalProcess.freePort(),
                        logDir.resolve("node-" + i + ".log"),
                        options,
                        environment);
                nodes.add(node);
                node.launch();
            }
            for (NodeProcess node : nodes) {
                node.awaitHealthy();
            }
            return nodes;
        } catch (RuntimeException | Error e) {
            nodes.forEach(NodeProcess::close);
            throw e;
        }
    }

    /** What a command printed and how it ended. */
    record Ran(int exit, String output) {}

    /** Runs {@code java -jar chat-app.jar ARGS} (a command such as {@code backup}) to its end, within a minute. */
    static Ran command(String... args) {
        try {
            Process process =
                    new ProcessBuilder(main(args)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " did not end within a minute:\n" + output);
            }
            return new Ran(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code java -jar chat-app.jar admin COMMAND NAME OPTIONS} as the operator would on the server, with
     * {@code password} on its standard input, and waits for it to succeed.
     */
    static void operator(List<String> options, String command, String name, String password) {
        List<String> line = main("admin", command, name);
        line.addAll(options);
        LocalProcess.run(line, password + "\n", Duration.ofSeconds(60));
    }

    /**
     * {@code java … dev.chat.app.Main ARGS} on this test's classpath: the server's own logging setup (not the
     * logback-test.xml that test jars bring along), and, as several JVMs start at once on a small machine, quick
     * start-up before peak speed.
     */
    private static List<String> main(String... args) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.chat.app.Main"));
        line.addAll(List.of(args));
        return line;
    }

    private void launch() {
        List<String> command = main("--host", "127.0.0.1", "--port", String.valueOf(port));
        command.addAll(options);
        Map<String, String> env = new HashMap<>(environment);
        if (!skew.isZero()) {
            env.put("LD_PRELOAD", faketimeLibrary().toString());
            env.put("FAKETIME", String.format(Locale.ROOT, "%+.3fs", skew.toMillis() / 1000.0));
            // The JVM times its own waits with the monotonic clock; shifting only the wall clock is the fault.
            env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            env.put("FAKETIME_DONT_RESET", "1");
            // Its glibc work-around shifts the JVM's timed waits by the offset: starting a node then takes 20 s.
            env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        }
        process = new LocalProcess(
                        name,
                        command,
                        env,
                        port,
                        START_TIMEOUT,
                        ProcessBuilder.Redirect.appendTo(log.toFile()),
                        "a JDK runs the tests, so it should start")
                .launch();
    }

    private static Path faketimeLibrary() {
        return FAKETIME_LIBRARIES.stream()
                .filter(Files::isReadable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("A node with a skewed clock needs libfaketime: install "
                        + "the Debian package faketime (the README's test command does)"));
    }

    /** Starts the node again on the same port and data, its wall clock {@code skew} off; returns once healthy. */
    void restart(Duration newSkew) {
        if (process.isRunning()) {
            throw new IllegalStateException(name + " still runs");
        }
        skew = newSkew;
        launch();
        awaitHealthy();
    }

    /** Starts the node again on the same port with the clock it had. */
    void restart() {
        restart(skew);
    }

    Duration skew() {
        return skew;
    }

    private void awaitHealthy() {
        Api api = new Api(port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isRunning()) {
                throw new AssertionError(
                        name + " exited with " + process.exitValue() + " at start; its log:\n" + logText());
            }
            try {
                if (api.get("/healthz", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // Checked again below after a pause.
            }
            LocalProcess.pause(Duration.ofMillis(100));
        }
        throw new AssertionError(
                name + " did not answer /healthz within " + START_TIMEOUT + "; its log:\n" + logText());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isRunning();
    }

    /** Kills the process at once, as {@code kill -9}, an OOM kill or a lost machine would: no goodbye to anyone. */
    void kill9() {
        process.kill();
    }

    /** Asks the process to stop (SIGTERM), as an orchestrator does, and waits until it has. */
    void stop() {
        process.stop(EXIT_TIMEOUT);
    }

    /**
     * The heap the node's live objects take: a full collection is asked for ({@code jcmd GC.run}), then the
     * generations' use is read ({@code jcmd GC.heap_info}, as the serial collector prints it).
     */
    long liveHeapBytes() {
        jcmd("GC.run");
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?:def new|tenured) generation\\s+total \\d+K, used (\\d+)K")
                .matcher(jcmd("GC.heap_info"));
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
        }
        if (used == 0) {
            throw new AssertionError("no heap figures from jcmd for " + this);
        }
        return used;
    }

    /** Runs {@code jcmd <pid> command} and returns what it printed. */
    String jcmd(String command) {
        return LocalProcess.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        command),
                "",
                Duration.ofSeconds(30));
    }

    /** What the node has written so far, one entry a line. */
    List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the log that contain {@code text}. */
    List<String> logLinesWith(String text) {
        return logLines().stream().filter(line -> line.contains(text)).toList();
    }

    String logText() {
        return String.join("\n", logLines());
    }

    /** Stops the node gracefully if it still runs; a node that does not stop within the time fails the test. */
    @Override
    public void close() {
        if (process.isRunning()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", pid " + process.pid() + ")";
    }
}
