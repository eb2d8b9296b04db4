package dev.chat.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * What the bench writes at the start of every text and as every {@code clientId}:
 * {@code <run>.<sender>.<seq>.<sent epoch µs>.<m|w>} — the run it belongs to, the sender's number, its
 * sequence number, when it went out, and whether it was sent in the measured window ({@code m}) or the
 * warm-up ({@code w}). Plain ASCII that JSON never escapes, so a receiver reads it straight from the frame
 * bytes.
 */
final class Stamp {

    private final byte[] run;

    Stamp(String run) {
        if (!run.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("a run id is 1-16 of a-z 0-9: " + run);
        }
        this.run = run.getBytes(StandardCharsets.US_ASCII);
    }

    String run() {
        return new String(run, StandardCharsets.US_ASCII);
    }

    /** Writes the stamp (no separator after it). */
    void write(StringBuilder out, int sender, long seq, long sentMicros, boolean measured) {
        out.append(run())
                .append('.')
                .append(sender)
                .append('.')
                .append(seq)
                .append('.')
                .append(sentMicros)
                .append('.')
                .append(measured ? 'm' : 'w');
    }

    /** The fields of the last stamp {@link #read} accepted; one reader per thread. */
    static final class Fields {
        int sender;
        long seq;
        long sentMicros;
        boolean measured;
    }

    /**
     * Reads a stamp of this run from index {@code at} (not reaching {@code end}), ending at {@code .} (a text goes on)
     * or {@code "} (a clientId ends); false for anything else, such as another run's or a person's text.
     */
    boolean read(byte[] buf, int at, int end, Fields into) {
        int i = at;
        if (end - i < run.length + 9) {
            return false;
        }
        for (byte b : run) {
            if (buf[i++] != b) {
                return false;
            }
        }
        if (buf[i++] != '.') {
            return false;
        }
        long sender = 0;
        int start = i;
        byte b;
        while (i < end && (b = buf[i]) >= '0' && b <= '9' && i - start < 10) {
            sender = sender * 10 + (b - '0');
            i++;
        }
        if (i == start || i >= end || buf[i++] != '.' || sender > Integer.MAX_VALUE) {
            return false;
        }
        long seq = 0;
        start = i;
        while (i < end && (b = buf[i]) >= '0' && b <= '9' && i - start < 18) {
            seq = seq * 10 + (b - '0');
            i++;
        }
        if (i == start || i >= end || buf[i++] != '.') {
            return false;
        }
        long micros = 0;
        start = i;
        while (i < end && (b = buf[i]) >= '0' && b <= '9' && i - start < 18) {
            micros = micros * 10 + (b - '0');
            i++;
        }
        if (i == start || i + 2 >= end || buf[i++] != '.') {
            return false;
        }
        byte flag = buf[i++];
        if (flag != 'm' && flag != 'w') {
            return false;
        }
        byte after = buf[i];
        if (after != '.' && after != '"') {
            return false;
        }
        into.sender = (int) sender;
        into.seq = seq;
        into.sentMicros = micros;
        into.measured = flag == 'm';
        return true;
    }
}
