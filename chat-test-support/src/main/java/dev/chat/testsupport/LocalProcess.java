package dev.chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process of the test's own on a loopback port: started and waited for until it listens, killed
 * (SIGKILL) or paused by its PID, started again with the same command. It fails loudly when it cannot start,
 * so a test that needs it is never skipped. The one launcher under {@link RedisServer} and {@link Dynalite}.
 */
public final class LocalProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final int port;
    private final Duration startTimeout;
    private final ProcessBuilder.Redirect output;
    private final String howToInstall;
    private final Map<String, String> environment;
    private volatile Process process;

    /**
     * @param howToInstall what to tell someone whose machine cannot run {@code command} (the README's test
     *                     command installs everything the tests launch)
     */
    public LocalProcess(
            String name,
            List<String> command,
            int port,
            Duration startTimeout,
            ProcessBuilder.Redirect output,
            String howToInstall) {
        this(name, command, Map.of(), port, startTimeout, output, howToInstall);
    }

    /** As above, with these environment variables on top of the test's own. */
    public LocalProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            int port,
            Duration startTimeout,
            ProcessBuilder.Redirect output,
            String howToInstall) {
        this.environment = Map.copyOf(environment);
        this.name = name;
        this.command = List.copyOf(command);
        this.port = port;
        this.startTimeout = startTimeout;
        this.output = output;
        this.howToInstall = howToInstall;
    }

    /** A port nothing listens on now, on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process and returns once it accepts a connection on its port. */
    public LocalProcess start() {
        launch();
        return awaitListening();
    }

    /** Starts the process without waiting for it: several can then start at once. */
    public LocalProcess launch() {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + howToInstall, e);
        }
        return this;
    }

    /** Returns once the launched process accepts a connection on its port; fails if it exits or takes too long. */
    public LocalProcess awaitListening() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                pause(Duration.ofMillis(20));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + startTimeout);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the process at once (SIGKILL) and waits until it is gone: connections break, as in a crash. */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Asks the process to stop (SIGTERM), as an orchestrator does; fails if it has not within {@code within}. */
    public void stop(Duration within) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        awaitExit(within);
    }

    private void awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " (pid " + process.pid() + ") did not exit within " + within);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exit code of a process that has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Sends a signal by name ({@code -STOP}, {@code -CONT}) to the process. */
    public void signal(String which) {
        run(List.of("kill", which, Long.toString(process.pid())), "", Duration.ofSeconds(10));
    }

    /**
     * Runs a short command to its end with {@code input} on its standard input and returns what it printed;
     * fails the test if it does not succeed within {@code within}.
     */
    public static String run(List<String> command, String input, Duration within) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process and starts the same command again on the same port. */
    public void restart() {
        kill();
        start();
    }

    @Override
    public void close() {
        kill();
    }

    /** Sleeps, turning an interruption into a failure of the test. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
