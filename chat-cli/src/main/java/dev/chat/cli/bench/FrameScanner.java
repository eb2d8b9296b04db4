package dev.chat.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * Recognises the server frames the bench counts from their bytes alone, without parsing JSON. The server
 * writes every frame as one JSON object whose first field is {@code type}, and a {@code message} frame's
 * fields in the order {@code room, id, user, text, ts, clientId} (see the netty adapter's
 * {@code FrameEncoder}); room and user names cannot hold a quote, so the first {@code "text":"} after
 * a comma is the text field itself, and an escaped quote inside a string can never look like it.
 *
 * <p>A frame is the bytes {@code [0, length)} of an array: the connection copies the head of each frame
 * (where every field the bench reads lies) out of the read buffer in one go, and the scan runs on plain
 * array reads.
 */
final class FrameScanner {

    /** How much of a frame's head the connection copies: room, id, user, text key and stamp all fit. */
    static final int HEAD = 512;

    private static final byte[] MESSAGE = ascii("{\"type\":\"message\",");
    private static final byte[] ACK = ascii("{\"type\":\"ack\",\"clientId\":\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\",\"code\":\"");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\",");
    private static final byte[] TEXT = ascii(",\"text\":\"");

    private FrameScanner() {}

    static boolean isMessage(byte[] frame, int length) {
        return startsWith(frame, length, MESSAGE);
    }

    static boolean isAck(byte[] frame, int length) {
        return startsWith(frame, length, ACK);
    }

    static boolean isError(byte[] frame, int length) {
        return startsWith(frame, length, ERROR);
    }

    static boolean isJoined(byte[] frame, int length) {
        return startsWith(frame, length, JOINED);
    }

    /** Index of the first character of a message frame's text, or -1. */
    static int textStart(byte[] frame, int length) {
        int last = length - TEXT.length;
        outer:
        for (int i = MESSAGE.length; i <= last; i++) {
            if (frame[i] != ',') {
                continue;
            }
            for (int k = 1; k < TEXT.length; k++) {
                if (frame[i + k] != TEXT[k]) {
                    continue outer;
                }
            }
            return i + TEXT.length;
        }
        return -1;
    }

    /** Index of the first character of an ack's clientId; call only when {@link #isAck}. */
    static int ackClientIdStart() {
        return ACK.length;
    }

    /** The code of an error frame (rare, so it may allocate); call only when {@link #isError}. */
    static String errorCode(byte[] frame, int length) {
        int start = ERROR.length;
        int end = start;
        while (end < length && frame[end] != '"') {
            end++;
        }
        return end >= length ? "?" : new String(frame, start, end - start, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] frame, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (frame[k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
