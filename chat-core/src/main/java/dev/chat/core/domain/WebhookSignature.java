package dev.chat.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an outgoing webhook's requests are signed, and how a receiver checks them: {@value #SIGNATURE_HEADER} is
 * {@code v1=} and the hex HMAC-SHA256, keyed with the webhook's signing key, of the {@value #TIMESTAMP_HEADER} value
 * (Unix seconds), a dot, and the request body's bytes. A receiver refuses a request whose timestamp is more than
 * {@link #REPLAY_WINDOW} from its clock, so that a captured request cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Chat-Signature";
    public static final String TIMESTAMP_HEADER = "X-Chat-Timestamp";

    /** How far a request's timestamp may be from the receiver's clock. */
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** The {@value #SIGNATURE_HEADER} value for a body sent at {@code timestamp} (Unix seconds). */
    public static String sign(String signingKey, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether a request is genuine and fresh: its signature is the body's under the key, and its timestamp within
     * {@link #REPLAY_WINDOW} of {@code now}. Compares in constant time.
     */
    public static boolean verify(
            String signingKey, String timestampHeader, String signatureHeader, byte[] body, Instant now) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > REPLAY_WINDOW.toSeconds()) {
            return false;
        }
        byte[] expected = sign(signingKey, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
