package dev.chat.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-server} of the test's own (the Debian package; the README's test command installs it),
 * on a free loopback port, without persistence, stopped by its PID. It fails loudly when it cannot start:
 * a Redis test is never skipped.
 */
public final class RedisServer extends LocalServer {

    private final String password;

    private RedisServer(int port, String password) {
        super(new LocalProcess(
                "redis-server",
                command(port, password),
                port,
                Duration.ofSeconds(10),
                ProcessBuilder.Redirect.DISCARD,
                "install the Debian package redis-server (the README's test " + "command does)"));
        this.password = password;
    }

    private static List<String> command(int port, String password) {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        return command;
    }

    public static RedisServer start() {
        return start(null);
    }

    /** A server that requires {@code AUTH password}, as ElastiCache with an AUTH token does. */
    public static RedisServer startWithPassword(String password) {
        return start(password);
    }

    private static RedisServer start(String password) {
        RedisServer server = new RedisServer(LocalProcess.freePort(), password);
        server.process.start();
        return server;
    }

    public int port() {
        return process.port();
    }

    /** {@code redis://127.0.0.1:port}, with the password when there is one. */
    public String url() {
        return password == null ? "redis://127.0.0.1:" + port() : "redis://:" + password + "@127.0.0.1:" + port();
    }

    /**
     * Stops the server's process without closing anything (SIGSTOP): connections stay open and commands are
     * accepted by the kernel, but nothing answers, as with a Redis stuck on a slow command or a stalled host.
     */
    public void freeze() {
        process.signal("-STOP");
    }

    /** Lets a frozen server run on (SIGCONT). */
    public void thaw() {
        process.signal("-CONT");
    }
}
