package dev.chat.app;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.in.PasswordReset;
import dev.chat.core.service.ChatCore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar chat-app.jar admin create|vouch|reset NAME [--option value]...}: what only the operator may
 * do, run on the server against the configured store (the same options and variables as the server), never
 * over the network. {@code create} makes an account that {@code --admins} may name an admin (the name may be
 * one {@code --admins} reserves), with the password read from the terminal or standard input, or, with
 * {@code --reset-link}, none yet and a one-time link to choose it (for a container task nobody can type into);
 * {@code vouch} does the same for an account someone registered; {@code reset} prints a one-time password reset
 * link.
 */
final class OperatorCommand {

    private static final String USAGE =
            "Usage: java -jar chat-app.jar admin create|vouch|reset NAME [--reset-link] " + "[--option value]...";

    private OperatorCommand() {}

    /** {@code args} without the leading {@code admin}; returns the exit code. */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("chat: " + USAGE);
            return 2;
        }
        String verb = args[0];
        String name = args[1];
        java.util.List<String> rest =
                new java.util.ArrayList<>(Arrays.asList(args).subList(2, args.length));
        // Where nobody can type a password (a one-off container task), the account gets a reset link instead.
        boolean resetLink = rest.remove("--reset-link");
        if (!verb.equals("create") && !verb.equals("vouch") && !verb.equals("reset")) {
            err.println("chat: unknown admin command '" + verb + "'. " + USAGE);
            return 2;
        }
        Config config;
        try {
            config = Config.load(rest.toArray(String[]::new), env);
        } catch (ConfigException e) {
            err.println("chat: " + e.getMessage());
            return 2;
        }
        try (Stores stores = Stores.open(config);
                ChatCore core = ChatCore.builder()
                        .stores(stores.set())
                        .fanout(new LocalFanout())
                        .passwordHasher(config.passwordHasher())
                        .settings(ChatApplication.settings(config).withDefaultRooms(java.util.List.of()))
                        .build()) {
            // The name is parsed before a password is asked for: a name that cannot be is refused at once.
            Username user = Username.of(name);
            switch (verb) {
                case "create" -> {
                    Password password =
                            new Password(resetLink ? "unusable-" + java.util.UUID.randomUUID() : password(in));
                    Username created = core.operators().createAccount(user, password);
                    out.println("Created " + created + ". "
                            + (config.admins().contains(created)
                                    ? "It is an admin: --admins names it."
                                    : "Name it in --admins to make it an admin."));
                    if (resetLink) {
                        printReset(core.operators().issueReset(user), config, out);
                    }
                }
                case "vouch" -> {
                    core.operators().vouchFor(user);
                    out.println("The account " + user + " is now the operator's: --admins may make it an admin.");
                }
                default -> printReset(core.operators().issueReset(user), config, out);
            }
            return 0;
        } catch (ChatException e) {
            err.println("chat: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            err.println("chat: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("chat: " + e.getMessage());
            return 1;
        }
    }

    private static void printReset(PasswordReset reset, Config config, PrintStream out) {
        String base = config.publicUrl()
                .map(u -> u.toString().replaceAll("/+$", ""))
                .orElse("http://localhost:" + config.port());
        out.println("One-time password reset for " + reset.user() + ", valid until " + reset.expiresAt() + ":");
        out.println(base + "/#reset=" + reset.token());
    }

    /** Asked for twice on a terminal; else the first line of standard input. */
    private static String password(InputStream in) {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Password again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new ChatException(dev.chat.core.domain.ErrorCode.INVALID_PASSWORD, "The passwords differ.");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new ChatException(
                        dev.chat.core.domain.ErrorCode.INVALID_PASSWORD, "Give the password on standard input.");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the password: " + e.getMessage(), e);
        }
    }
}
