package dev.chat.cli;

import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code chat logout}: ends the session on the server and forgets its token. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Sign out: end the session on the server (its open chats close) and remove its token.")
final class LogoutCommand extends ServerCommand {

    @Override
    protected int run() {
        String server = server();
        ConfigFile config = config();
        Optional<ConfigFile.Login> login = config.login(server);
        if (login.isEmpty()) {
            out().println("Not signed in to " + server + ".");
            return 0;
        }
        CliException failure = null;
        try {
            new Api(http(), server, login.get().token()).post("/api/logout", null);
        } catch (CliException e) {
            failure = e;
        }
        config.removeLogin(server);
        config.save();
        if (failure != null) {
            throw CliException.failure(failure.getMessage()
                    + " (the token is forgotten here, but the session stays valid on the server until it expires)");
        }
        out().println("Signed out of " + server + ".");
        return 0;
    }
}
