package dev.chat.cli;

import dev.chat.client.ClientException;

/**
 * A failure the user should read: one line for stderr and the exit code it ends the command with
 * (1 when the server said no or cannot be reached, 2 for a usage mistake).
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final int status;
    private final String code;

    private CliException(String message, int exitCode, int status, String code, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.status = status;
        this.code = code;
    }

    /** The command could not do its job: exit code 1. */
    public static CliException failure(String message) {
        return new CliException(message, 1, 0, null, null);
    }

    public static CliException failure(String message, Throwable cause) {
        return new CliException(message, 1, 0, null, cause);
    }

    /** The command line asks for something that cannot work: exit code 2, like picocli's own usage errors. */
    public static CliException usage(String message) {
        return new CliException(message, 2, 0, null, null);
    }

    /** The server answered with an error: its HTTP status (0 over WebSocket) and protocol error code. */
    public static CliException server(int status, String code, String message) {
        return new CliException(message, 1, status, code, null);
    }

    /**
     * What the client library reports, as the CLI says it: how to sign in again, the server's sentence made safe
     * to print, a bad URL as a usage mistake (exit 2), the rest as it is.
     */
    public static CliException of(ClientException e) {
        return switch (e.kind()) {
            case NOT_SIGNED_IN -> server(e.status(), e.code(), Api.signInFirst(e.server()));
            case SESSION_ENDED -> server(e.status(), e.code(), Api.sessionEnded(e.server()));
            case REFUSED -> server(e.status(), e.code(), Text.neutralise(e.getMessage()));
            case BAD_URL -> usage(e.getMessage());
            case INTERRUPTED -> failure(e.getMessage());
            default ->
                e.code() != null
                        ? server(e.status(), e.code(), e.getMessage())
                        : failure(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        };
    }

    public int exitCode() {
        return exitCode;
    }

    /** The HTTP status of a server error, or 0. */
    public int status() {
        return status;
    }

    /** The protocol error code of a server error, or null. */
    public String code() {
        return code;
    }
}
