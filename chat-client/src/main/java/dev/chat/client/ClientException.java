package dev.chat.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * A call to the server that did not work, as one sentence for the user and a {@link Kind} for the program: the
 * server cannot be reached, the session is missing or ended, or what the server refused (its HTTP status and
 * protocol error code).
 */
public final class ClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for a program to decide what to do next. */
    public enum Kind {
        /** No connection could be made, or it broke before an answer: try again later. */
        UNREACHABLE,
        /** The server took the request but did not answer in time. */
        TIMEOUT,
        /** A call that needs a session was made without one. */
        NOT_SIGNED_IN,
        /** The session was refused: signed out, expired, or ended by a password change; sign in again. */
        SESSION_ENDED,
        /** The server answered with one of the protocol's errors: see {@link #code()} and {@link #status()}. */
        REFUSED,
        /** What answered does not speak the chat protocol (not JSON, or HTTP errors without the error shape). */
        NOT_A_CHAT_SERVER,
        /** The server URL cannot be used. */
        BAD_URL,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String server;
    private final int status;
    private final String code;

    ClientException(Kind kind, String server, int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.server = server;
        this.status = status;
        this.code = code;
    }

    static ClientException of(Kind kind, String server, String message) {
        return new ClientException(kind, server, 0, null, message, null);
    }

    /** "cannot reach URL: why", for any way a connection can fail. */
    static ClientException unreachable(String server, Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String why;
        if (e instanceof HttpConnectTimeoutException || causedBy(e, io.netty.channel.ConnectTimeoutException.class)) {
            why = "no answer within " + ChatApi.CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
            why = "unknown host";
        } else if (causedBy(e, SSLException.class)) {
            why = "TLS failed: " + t.getMessage();
        } else if (causedBy(e, ConnectException.class)) {
            why = "connection refused";
        } else {
            why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        return new ClientException(Kind.UNREACHABLE, server, 0, null, "cannot reach " + server + ": " + why, e);
    }

    static ClientException interrupted(String server) {
        return of(Kind.INTERRUPTED, server, "interrupted");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's base URL, as the client was given it. */
    public String server() {
        return server;
    }

    /** The HTTP status the server answered with, or 0 (no answer, or over the WebSocket). */
    public int status() {
        return status;
    }

    /** The protocol's error code ({@code name_taken}, …; {@code http_502} for a bare HTTP error), or null. */
    public String code() {
        return code;
    }
}
