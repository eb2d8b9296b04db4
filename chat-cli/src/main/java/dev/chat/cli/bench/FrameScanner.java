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

    static boolean isMessage(ByteBuf frame) {
        return startsWith(frame, MESSAGE);
    }

    static boolean isAck(ByteBuf frame) {
        return startsWith(frame, ACK);
    }

    static boolean isError(ByteBuf frame) {
        return startsWith(frame, ERROR);
    }

    static boolean isJoined(ByteBuf frame) {
        return startsWith(frame, JOINED);
    }

    /** Absolute index of the first character of a message frame's text, or -1. */
    static int textStart(ByteBuf frame) {
        int last = frame.writerIndex() - TEXT.length;
        outer:
        for (int i = frame.readerIndex() + MESSAGE.length; i <= last; i++) {
            if (frame.getByte(i) != '"' || frame.getByte(i - 1) != ',') {
                continue;
            }
            for (int k = 1; k < TEXT.length; k++) {
                if (frame.getByte(i + k) != TEXT[k]) {
                    continue outer;
                }
            }
            return i + TEXT.length;
        }
        return -1;
    }

    /** Absolute index of the first character of an ack's clientId; call only when {@link #isAck}. */
    static int ackClientIdStart(ByteBuf frame) {
        return frame.readerIndex() + ACK.length;
    }

    /** The code of an error frame (rare, so it may allocate); call only when {@link #isError}. */
    static String errorCode(ByteBuf frame) {
        int start = frame.readerIndex() + ERROR.length;
        int end = frame.indexOf(start, frame.writerIndex(), (byte) '"');
        return end < 0 ? "?" : frame.toString(start, end - start, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(ByteBuf frame, byte[] prefix) {
        int at = frame.readerIndex();
        if (frame.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (frame.getByte(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
