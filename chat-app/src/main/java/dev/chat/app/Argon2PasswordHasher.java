package dev.chat.app;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.chat.core.port.out.PasswordHasher;

/**
 * Argon2id, by default at OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane (about 0.1–0.2 s per hash on one
 * core). The cost is the server's setting ({@code --argon2-memory}, {@code --argon2-passes}) and goes into every
 * hash, so a hash is always checked at the cost it was made with: changing the setting changes new hashes only.
 */
public final class Argon2PasswordHasher implements PasswordHasher {

    /** OWASP's minimum for Argon2id with one lane: 19 MiB. */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    /** OWASP's minimum for Argon2id at {@link #DEFAULT_MEMORY_KIB}. */
    public static final int DEFAULT_PASSES = 2;
    /** Argon2's least memory for one lane. */
    static final int LEAST_MEMORY_KIB = 8;

    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;

    private final Argon2Function function;

    /** At OWASP's minimum. */
    public Argon2PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_PASSES);
    }

    /** At the given cost: {@code memoryKib} of memory (8 or more) and {@code passes} over it (1 or more). */
    public Argon2PasswordHasher(int memoryKib, int passes) {
        if (memoryKib < LEAST_MEMORY_KIB || passes < 1) {
            throw new IllegalArgumentException(
                    "Argon2 needs 8 KiB of memory or more and 1 pass or more, not " + memoryKib + " KiB, " + passes);
        }
        this.function = Argon2Function.getInstance(memoryKib, passes, PARALLELISM, HASH_BYTES, Argon2.ID);
    }

    /**
     * OWASP's equally strong minimums for Argon2id with one lane, as {memory in KiB, passes}: the default, and less
     * memory bought back with more passes (or the other way).
     */
    private static final int[][] OWASP_MINIMUMS = {
        {47_104, 1}, {DEFAULT_MEMORY_KIB, DEFAULT_PASSES}, {12_288, 3}, {9_216, 4}, {7_168, 5}
    };

    /**
     * Whether hashes cost less than every one of OWASP's minimums (47104 KiB × 1 pass, 19456 × 2, 12288 × 3, 9216 ×
     * 4, 7168 × 5): fit for tests, not for a server people sign in to.
     */
    public static boolean belowOwaspMinimum(int memoryKib, int passes) {
        for (int[] minimum : OWASP_MINIMUMS) {
            if (memoryKib >= minimum[0] && passes >= minimum[1]) {
                return false;
            }
        }
        return true;
    }

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
