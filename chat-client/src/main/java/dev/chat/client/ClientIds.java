package dev.chat.client;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A fresh {@code clientId} per message: 128 random bits in hex, kept for every resend of that message. */
public final class ClientIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIds() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
