package dev.chat.app;

/** A setting that cannot be used; its message is the one line printed before the server refuses to start. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
