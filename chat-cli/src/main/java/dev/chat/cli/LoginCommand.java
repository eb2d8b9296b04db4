package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat login}: signs in and keeps the session token in the config file, making the server the default. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign in to a server and keep the session in the config file (readable by you only).",
            "The server becomes the default for later commands."
        },
        footer = {
            "",
            "Examples:",
            "  chat login --server https://chat.example.com --user ana",
            "  printf '%s\\n' \"$PASSWORD\" | chat login --server http://localhost:8080 --user ana --password-stdin"
        })
final class LoginCommand extends ServerCommand {

    @Option(
            names = {"-u", "--user"},
            paramLabel = "NAME",
            description = "Your username (asked for when omitted).")
    String user;

    @Option(
            names = "--password-stdin",
            description = "Read the password from the first line of standard input instead of asking for it.")
    boolean passwordStdin;

    @Override
    protected int run() throws IOException {
        String server = server();
        String username = user;
        String password;
        if (passwordStdin) {
            if (username == null) {
                throw CliException.usage("--user is required with --password-stdin");
            }
            password = firstLine();
        } else if (env().interactive()) {
            try (Prompt prompt = new Prompt(env())) {
                if (username == null) {
                    username = prompt.line("Username: ");
                }
                password = prompt.secret("Password for " + username + " on " + server + ": ");
            }
        } else {
            throw CliException.usage("no terminal to ask for the password: pass it with --user NAME --password-stdin");
        }
        if (username.isEmpty() || password.isEmpty()) {
            throw CliException.usage("a username and a password are needed");
        }
        Api api = new Api(http(), server, null);
        JsonNode body = Api.JSON.createObjectNode().put("username", username).put("password", password);
        JsonNode me = api.post("/api/login", body);
        String token = me.path("token").asText("");
        if (token.isEmpty()) {
            throw CliException.failure(server + " answered the sign-in without a token; is it a chat server?");
        }
        String name = me.path("username").asText(username);
        ConfigFile config = config();
        config.login(server).ifPresent(previous -> forget(server, previous));
        config.putLogin(server, new ConfigFile.Login(token, name));
        config.save();
        out().println("Signed in to " + server + " as " + Text.neutraliseLine(name)
                + (me.path("admin").asBoolean(false) ? " (admin)" : "") + ".");
        return 0;
    }

    private String firstLine() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(env().stdin(), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw CliException.usage("--password-stdin: standard input has no password");
        }
        return line;
    }

    /** The session this sign-in replaces is signed out too, so that it does not linger on the server. */
    private void forget(String server, ConfigFile.Login previous) {
        try {
            new Api(http(), server, previous.token()).post("/api/logout", null);
        } catch (CliException e) {
            // It expires by itself; the new session is what matters.
        }
    }
}
