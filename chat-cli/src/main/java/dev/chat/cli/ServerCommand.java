package dev.chat.cli;

import dev.chat.client.ClientException;
import dev.chat.client.ServerUrl;
import picocli.CommandLine.Mixin;

/** A command that talks to a server: {@code --server}, and the session kept for it in the config file. */
public abstract class ServerCommand extends ChatCommand {

    /** A signed-in user on a server, and the HTTP API as that user. */
    public record Session(String server, String token, String username, Api api) {}

    @Mixin
    protected ServerOption serverOption;

    /**
     * The server: {@code --server} (on this command, else on {@code chat} itself), else {@code CHAT_SERVER},
     * else the config file's default (the last server signed in to), else {@code http://localhost:8080}.
     */
    protected String server() {
        String chosen = serverOption != null ? serverOption.server : null;
        if (chosen == null) {
            chosen = rootServerOption();
        }
        if (chosen == null) {
            chosen = env().variable("CHAT_SERVER").orElse(null);
        }
        if (chosen == null) {
            chosen = config().defaultServer().orElse(ServerOption.FALLBACK);
        }
        try {
            return ServerUrl.normalise(chosen);
        } catch (ClientException e) {
            throw CliException.of(e);
        }
    }

    /** The session kept for the server; "sign in first" when there is none. */
    protected Session session() {
        String server = server();
        ConfigFile.Login login =
                config().login(server).orElseThrow(() -> CliException.failure(Api.signInFirst(server)));
        return new Session(server, login.token(), login.username(), new Api(http(), server, login.token()));
    }

    /** Room names are case-insensitive and stored lower-case; a leading {@code #} is a habit, not part of the name. */
    public static String roomName(String raw) {
        String name = raw.startsWith("#") ? raw.substring(1) : raw;
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }
}
