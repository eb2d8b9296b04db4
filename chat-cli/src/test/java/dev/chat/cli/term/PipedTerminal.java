package dev.chat.cli.term;

import dev.chat.cli.Environment;
import dev.chat.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * The terminal chat driven through a JLine terminal on pipes (a dumb one unless a type is given): keys go in,
 * everything the program writes to the terminal is kept byte for byte, so a test sees what a person would see — and
 * any raw escape byte.
 */
public final class PipedTerminal implements AutoCloseable {

    private final PipedOutputStream keys = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    public PipedTerminal(Path configDir, String... args) throws IOException {
        this(configDir, Terminal.TYPE_DUMB, Map.of(), args);
    }

    /** A terminal of the given type ({@code xterm-256color} has colours and moves the cursor), with more variables. */
    public PipedTerminal(Path configDir, String type, Map<String, String> variables, String... args)
            throws IOException {
        PipedInputStream input = new PipedInputStream(keys, 64 * 1024);
        Terminal terminal = type.equals(Terminal.TYPE_DUMB)
                ? new DumbTerminal("test", type, input, screen, StandardCharsets.UTF_8)
                : new ExternalTerminal("test", type, input, screen, StandardCharsets.UTF_8);
        Map<String, String> all = new HashMap<>(variables);
        all.put("CHAT_CONFIG_DIR", configDir.toString());
        Environment env = new Environment(Map.copyOf(all), new ByteArrayInputStream(new byte[0]), true, () -> terminal);
        Thread thread = new Thread(
                () -> {
                    try {
                        exit.complete(Main.commandLine(new Main(env))
                                .setOut(new PrintWriter(new StringWriter(), true))
                                .setErr(new PrintWriter(err, true))
                                .execute(args));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                },
                "chat terminal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Types the keys as a person would (no Enter unless given as {@code \r}). */
    public void type(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything written to the terminal so far, as text. */
    public String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        return screen.toByteArray();
    }

    /** Waits until the screen shows the text {@code times} times in all; returns the screen. */
    public String await(String text, int times) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String now = screen();
            if (count(now, text) >= times) {
                return now;
            }
            if (exit.isDone()) {
                break;
            }
            sleep(20);
        }
        throw new AssertionError(
                "waited for " + times + " × '" + text + "'; the screen:\n" + screen() + "\nstderr:\n" + err);
    }

    public String await(String text) {
        return await(text, 1);
    }

    public static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    public int awaitExit() {
        try {
            return exit.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not exit; the screen:\n" + screen() + "\nstderr:\n" + err, e);
        }
    }

    public String err() {
        return err.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!exit.isDone()) {
            type("/quit\r");
            try {
                exit.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The test has already failed or passed; the thread is a daemon.
            }
        }
        keys.close();
    }
}
