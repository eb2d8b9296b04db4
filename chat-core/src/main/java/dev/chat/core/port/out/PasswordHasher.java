package dev.chat.core.port.out;

import dev.chat.core.domain.Password;

/** Turns passwords into slow, salted hashes and checks them. Slow on purpose: never call it on an event loop. */
public interface PasswordHasher {

    String hash(Password password);

    boolean verify(Password password, String hash);
}
