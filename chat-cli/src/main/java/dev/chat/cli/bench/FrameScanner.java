package dev.chat.cli.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the server frames the bench counts from their bytes alone, without parsing JSON. The server
 * writes every frame as one JSON object whose first field is {@code type}, and a {@code message} frame's
 * fields in the order {@code room, id, user, text, ts, clientId} (see the netty adapter's
 * {@code FrameEncoder}); room and user names cannot hold a quote, so the first {@code "text":"} after
 * a comma is the text field itself, and an escaped quote inside a string can never look like it.
 */
final class FrameScanner {

    private static final byte[] MESSAGE = ascii("{\"type\":\"message\",");
    private static final byte[] ACK = ascii("{\"type\":\"ack\",\"clientId\":\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\",\"code\":\"");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\",");
    private static final byte[] TEXT = ascii("\"text\":\"");

    private FrameScanner() {
    }

    // A frame is the bytes [from, to) of a buffer: the frame reader scans them where they were read.

    static boolean isMessage(ByteBuf buf, int from, int to) {
        return startsWith(buf, from, to, MESSAGE);
    }

    static boolean isAck(ByteBuf buf, int from, int to) {
        return startsWith(buf, from, to, ACK);
    }

    static boolean isError(ByteBuf buf, int from, int to) {
        return startsWith(buf, from, to, ERROR);
    }

    static boolean isJoined(ByteBuf buf, int from, int to) {
        return startsWith(buf, from, to, JOINED);
    }

    /** Index of the first character of a message frame's text, or -1; hops from quote to quote. */
    static int textStart(ByteBuf buf, int from, int to) {
        int last = to - TEXT.length;
        int i = from + MESSAGE.length;
        while (i <= last) {
            i = buf.indexOf(i, last + 1, (byte) '"');
            if (i < 0) {
                return -1;
            }
            if (buf.getByte(i - 1) == ',' && matches(buf, i, TEXT)) {
                return i + TEXT.length;
            }
            i++;
        }
        return -1;
    }

    /** Index of the first character of an ack's clientId; call only when {@link #isAck}. */
    static int ackClientIdStart(int from) {
        return from + ACK.length;
    }

    /** The code of an error frame (rare, so it may allocate); call only when {@link #isError}. */
    static String errorCode(ByteBuf buf, int from, int to) {
        int start = from + ERROR.length;
        int end = buf.indexOf(start, to, (byte) '"');
        return end < 0 ? "?" : buf.toString(start, end - start, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(ByteBuf buf, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && matches(buf, from, prefix);
    }

    private static boolean matches(ByteBuf buf, int at, byte[] bytes) {
        for (int k = 0; k < bytes.length; k++) {
            if (buf.getByte(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
