package dev.chat.app;

import dev.chat.core.port.out.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id, by default at OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane (about 30 ms per hash on one core
 * here once compiled, about 0.1 s before). The cost is the server's setting ({@code --argon2-memory}, {@code
 * --argon2-passes}) and goes into every hash, so a hash is always checked at the cost it was made with: changing the
 * setting changes new hashes only.
 *
 * <p>Hashes are PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, unpadded Base64), the same as the
 * earlier releases wrote with password4j, so theirs still sign in. BouncyCastle computes them: its generator takes a
 * hash's memory when it starts and leaves it to the collector when it ends, where password4j kept a zeroed copy of
 * the memory of every cost it had seen for as long as the server ran (19 MiB at the default) and copied it for each
 * hash.
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
    private static final int SALT_BYTES = 16;
    private static final String PREFIX = "$argon2id$";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final int memoryKib;
    private final int passes;

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
        this.memoryKib = memoryKib;
        this.passes = passes;
    }

    /**
     * OWASP's equally strong minimums for Argon2id with one lane, as {memory in KiB, passes}: the default, and less
     * memory bought back with more passes (or the other way).
     */
    private static final int[][] OWASP_MINIMUMS = {
        {47_104, 1}, {DEFAULT_MEMORY_KIB, DEFAULT_PASSES}, {12_288, 3}, {9_216, 4}, {7_168, 5}
    };

    /** OWASP's settings as strong as the default, as people read them: "47104 x 1, 12288 x 3, …". */
    static final String OWASP_EQUIVALENTS = java.util.Arrays.stream(OWASP_MINIMUMS)
            .filter(minimum -> minimum[0] != DEFAULT_MEMORY_KIB)
            .map(minimum -> minimum[0] + " x " + minimum[1])
            .collect(java.util.stream.Collectors.joining(", "));

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
        byte[] salt = new byte[SALT_BYTES];
        Salts.RANDOM.nextBytes(salt);
        byte[] hash = argon2id(
                password, Argon2Parameters.ARGON2_VERSION_13, memoryKib, passes, PARALLELISM, salt, HASH_BYTES);
        return PREFIX + "v=19$m=" + memoryKib + ",t=" + passes + ",p=" + PARALLELISM + "$" + BASE64.encodeToString(salt)
                + "$" + BASE64.encodeToString(hash);
    }

    /** Recomputes {@code hash}'s Argon2id at the cost, salt and length it records; false for anything else. */
    @Override
    public boolean verify(dev.chat.core.domain.Password password, String hash) {
        if (hash == null || !hash.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = hash.split("\\$", -1);
        if (parts.length != 6) {
            return false;
        }
        try {
            int version = switch (parts[2]) {
                case "v=19" -> Argon2Parameters.ARGON2_VERSION_13;
                case "v=16" -> Argon2Parameters.ARGON2_VERSION_10;
                default -> throw new IllegalArgumentException("version " + parts[2]);
            };
            String[] cost = parts[3].split(",", -1);
            if (cost.length != 3
                    || !cost[0].startsWith("m=")
                    || !cost[1].startsWith("t=")
                    || !cost[2].startsWith("p=")) {
                return false;
            }
            int memory = Integer.parseInt(cost[0].substring(2));
            int iterations = Integer.parseInt(cost[1].substring(2));
            int parallelism = Integer.parseInt(cost[2].substring(2));
            byte[] salt = Base64.getDecoder().decode(parts[4]);
            byte[] expected = Base64.getDecoder().decode(parts[5]);
            if (memory < 8 * parallelism
                    || iterations < 1
                    || parallelism < 1
                    || salt.length < 8
                    || expected.length < 4) {
                return false;
            }
            byte[] actual = argon2id(password, version, memory, iterations, parallelism, salt, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] argon2id(
            dev.chat.core.domain.Password password,
            int version,
            int memoryKib,
            int passes,
            int parallelism,
            byte[] salt,
            int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(passes)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.value().getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** Made for the first hash: a server that only starts does not set up the JDK's security providers for it. */
    private static final class Salts {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
