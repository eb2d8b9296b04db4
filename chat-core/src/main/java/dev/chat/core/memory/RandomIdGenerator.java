package dev.chat.core.memory;

import dev.chat.core.port.out.IdGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** Ids from {@link SecureRandom}: unguessable session tokens and guest names. */
public final class RandomIdGenerator implements IdGenerator {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    @Override
    public String sessionToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String guestSuffix() {
        char[] suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(suffix);
    }
}
