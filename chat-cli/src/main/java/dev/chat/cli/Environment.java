package dev.chat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * What a command may read from the outside world besides its arguments: environment variables, standard
 * input, and the terminal. Tests give their own, so no test reads the user's config or waits on a console.
 *
 * @param variables   environment variables ({@code CHAT_SERVER}, {@code CHAT_CONFIG_DIR}, {@code XDG_CONFIG_HOME}, {@code HOME},
 *                    {@code NO_COLOR})
 * @param stdin       standard input, for {@code chat send} without text and {@code --password-stdin}
 * @param interactive whether a person sits at a terminal (prompts are allowed)
 * @param terminals   opens the terminal of the interactive chat and of password prompts
 */
public record Environment(Map<String, String> variables, InputStream stdin, boolean interactive, Terminals terminals) {

    /** Opens a JLine terminal. */
    @FunctionalInterface
    public interface Terminals {
        Terminal open() throws IOException;
    }

    /** The real process: its environment, {@code System.in}, and the system terminal. */
    public static Environment system() {
        return new Environment(
                System.getenv(),
                System.in,
                System.console() != null,
                () -> TerminalBuilder.builder().system(true).name("chat").build());
    }

    public Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * Whether the terminal chat may use colours and styles: not when {@code NO_COLOR} is set to anything but the
     * empty string, as <a href="https://no-color.org">no-color.org</a> asks (a value of spaces counts).
     */
    public boolean colour() {
        String noColor = variables.get("NO_COLOR");
        return noColor == null || noColor.isEmpty();
    }

    /**
     * The folder of {@code config.json}: {@code CHAT_CONFIG_DIR} (or the system property {@code chat.config.dir}),
     * else {@code $XDG_CONFIG_HOME/chat}, else {@code ~/.config/chat}.
     */
    public Path configDir() {
        Optional<String> explicit = variable("CHAT_CONFIG_DIR")
                .or(() -> Optional.ofNullable(System.getProperty("chat.config.dir"))
                        .filter(s -> !s.isBlank()));
        if (explicit.isPresent()) {
            return Path.of(explicit.get());
        }
        Optional<String> xdg = variable("XDG_CONFIG_HOME");
        if (xdg.isPresent()) {
            return Path.of(xdg.get(), "chat");
        }
        String home = variable("HOME").orElse(System.getProperty("user.home"));
        return Path.of(home, ".config", "chat");
    }
}
