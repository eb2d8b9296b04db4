package dev.chat.core.port.out;

/** The core's source of randomness, so that tests can be deterministic. */
public interface IdGenerator {

    /** A new session token: 256 random bits, URL-safe. */
    String sessionToken();

    /** A short random suffix for a guest's name, six characters of [a-z0-9]. */
    String guestSuffix();
}
