package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat password}: changes the signed-in user's password; every other session of theirs ends. */
@Command(
        name = "password",
        mixinStandardHelpOptions = true,
        description = {
            "Change your password. Every other session of yours ends (other browsers and terminals are",
            "signed out); this one stays."
        },
        footer = {"", "Example:", "  printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | chat password --password-stdin"})
final class PasswordCommand extends ServerCommand {

    @Option(
            names = "--password-stdin",
            description = "Read the current password, then the new one, from the first two lines of standard input.")
    boolean passwordStdin;

    @Override
    protected int run() throws IOException {
        String current;
        String next;
        if (passwordStdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(env().stdin(), StandardCharsets.UTF_8));
            current = in.readLine();
            next = in.readLine();
            if (current == null || next == null) {
                throw CliException.usage("--password-stdin: give the current password and the new one on two lines");
            }
        } else if (env().interactive()) {
            try (Prompt prompt = new Prompt(env())) {
                current = prompt.secret("Current password: ");
                next = prompt.secret("New password: ");
                if (!next.equals(prompt.secret("New password again: "))) {
                    throw CliException.usage("the new passwords differ");
                }
            }
        } else {
            throw CliException.usage("no terminal to ask for the passwords: use --password-stdin");
        }
        JsonNode body =
                Api.JSON.createObjectNode().put("currentPassword", current).put("newPassword", next);
        session().api().post("/api/password", body);
        out().println("Password changed. Your other sessions are signed out.");
        return 0;
    }
}
