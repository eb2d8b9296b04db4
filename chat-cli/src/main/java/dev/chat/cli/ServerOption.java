package dev.chat.cli;

import picocli.CommandLine.Option;

/** {@code --server URL}, shared by every command that talks to a server. */
public final class ServerOption {

    static final String FALLBACK = "http://localhost:8080";

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The chat server. Default: $CHAT_SERVER, else the server you last signed in to, else "
                    + FALLBACK + ".")
    String server;
}
