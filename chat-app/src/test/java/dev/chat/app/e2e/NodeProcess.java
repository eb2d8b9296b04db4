package dev.chat.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a deployment as its own {@code java} process: the server's {@code Main} on a free loopback port,
 * its output in a log file, stopped (SIGTERM) or killed (SIGKILL) by its PID.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private NodeProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code count} nodes with the same options at once and returns when every one answers
     * {@code /healthz}; their logs are {@code node-0.log}, {@code node-1.log}, … in {@code logDir}.
     */
    static List<NodeProcess> startAll(int count, Path logDir, List<String> options) {
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                nodes.add(launch("node-" + i, logDir.resolve("node-" + i + ".log"), options));
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

    private static NodeProcess launch(String name, Path log, List<String> options) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The server's own logging setup, not the logback-test.xml that adapter test jars bring along.
                "-Dlogback.configurationFile=logback.xml",
                // Three JVMs start at once on a small machine: quick start-up matters more than peak speed.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "dev.chat.app.Main", "--host", "127.0.0.1", "--port", String.valueOf(port)));
        command.addAll(options);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new NodeProcess(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    private void awaitHealthy() {
        Api api = new Api(port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " at start; its log:\n" + logText());
            }
            try {
                if (api.get("/healthz", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // Checked again below after a pause.
            }
            pause(Duration.ofMillis(100));
        }
        throw new AssertionError(name + " did not answer /healthz within " + START_TIMEOUT + "; its log:\n" + logText());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once, as {@code kill -9}, an OOM kill or a lost machine would: no goodbye to anyone. */
    void kill9() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Asks the process to stop (SIGTERM), as an orchestrator does, and waits until it has. */
    void stop() {
        process.destroy();
        awaitExit();
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
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " (pid " + process.pid() + ") did not exit within " + EXIT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", pid " + process.pid() + ")";
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
