package dev.chat.core.memory;

import dev.chat.core.domain.Password;
import dev.chat.core.port.out.PasswordHasher;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK alone, for embedders who bring no hashing library. The server uses
 * Argon2id instead; this one exists so the core runs with nothing but the JDK.
 */
public final class Pbkdf2PasswordHasher implements PasswordHasher {

    private static final String PREFIX = "pbkdf2-sha256";

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public Pbkdf2PasswordHasher() {
        this(600_000);
    }

    /** Fewer iterations are for tests only. */
    public Pbkdf2PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    @Override
    public String hash(Password password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] derived = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + iterations + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(derived);
    }

    @Override
    public boolean verify(Password password, String hash) {
        String[] parts = hash.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, rounds));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(Password password, byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(password.value().toCharArray(), salt, rounds, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
