package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.client.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs {@code chat} in-process as {@link Main#main} does, with its output captured, its config in a folder
 * of the test's and the environment variables the test gives.
 */
public final class Cli {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> variables = new HashMap<>();

    public Cli(Path configDir) {
        variables.put("CHAT_CONFIG_DIR", configDir.toString());
    }

    public Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** What a finished command left: its exit code, stdout and stderr. */
    public record Result(int exitCode, String out, String err) {

        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        public List<JsonNode> jsonLines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + line, e);
                    }
                }
            }
            return lines;
        }

        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = execute(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, args);
        return new Result(code, out.toString(), err.toString());
    }

    private int execute(InputStream stdin, StringWriter out, StringWriter err, String... args) {
        Environment env = new Environment(Map.copyOf(variables), stdin, false, () -> {
            throw new IOException("no terminal in this test");
        });
        return Main.commandLine(new Main(env))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** Signs the user in (password {@link TestServer#PASSWORD}) and checks it worked. */
    public Cli login(TestServer server, String user) {
        Result result = runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", server.url(), "--user", user, "--password-stdin");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return this;
    }

    /** Starts a long-running command (tail) on its own thread. */
    public Running start(String... args) {
        return new Running(args);
    }

    /** A command still running: its output so far, and its end. */
    public final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> exit;
        private final Thread thread;

        Running(String... args) {
            exit = new CompletableFuture<>();
            thread = new Thread(
                    () -> {
                        try {
                            exit.complete(execute(new ByteArrayInputStream(new byte[0]), out, err, args));
                        } catch (Throwable t) {
                            exit.completeExceptionally(t);
                        }
                    },
                    "chat " + String.join(" ", args));
            thread.setDaemon(true);
            thread.start();
        }

        public String out() {
            return out.toString();
        }

        public String err() {
            return err.toString();
        }

        /** Waits until stdout satisfies the condition. */
        public String awaitOut(Predicate<String> condition, String what) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                String now = out();
                if (condition.test(now)) {
                    return now;
                }
                if (exit.isDone()) {
                    break;
                }
                sleep(20);
            }
            throw new AssertionError("waited for " + what + "; stdout:\n" + out() + "\nstderr:\n" + err());
        }

        public String awaitErr(Predicate<String> condition, String what) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (condition.test(err())) {
                    return err();
                }
                sleep(20);
            }
            throw new AssertionError("waited for " + what + "; stderr:\n" + err());
        }

        public Result awaitExit() {
            try {
                int code = exit.get(30, TimeUnit.SECONDS);
                return new Result(code, out(), err());
            } catch (Exception e) {
                throw new AssertionError("did not exit; stdout:\n" + out() + "\nstderr:\n" + err(), e);
            }
        }

        public void stop() {
            thread.interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
