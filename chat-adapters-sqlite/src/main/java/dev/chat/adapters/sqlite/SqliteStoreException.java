package dev.chat.adapters.sqlite;

/** A SQLite call failed; the message says what was being done and to which file. */
public final class SqliteStoreException extends RuntimeException {

    SqliteStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    SqliteStoreException(String message) {
        super(message);
    }
}
