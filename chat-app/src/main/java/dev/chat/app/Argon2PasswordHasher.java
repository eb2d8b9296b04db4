package dev.chat.app;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.chat.core.port.out.PasswordHasher;

/** Argon2id with OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane (about 0.2 s per hash on one core). */
public final class Argon2PasswordHasher implements PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;

    private final Argon2Function function =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

    @Override
    public String hash(dev.chat.core.domain.Password password) {
        return Password.hash(password.value()).addRandomSalt(16).with(function).getResult();
    }

    @Override
    public boolean verify(dev.chat.core.domain.Password password, String hash) {
        if (hash == null || !hash.startsWith("$argon2id$")) {
            return false;
        }
        try {
            return Password.check(password.value(), hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
