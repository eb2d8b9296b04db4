package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameScannerTest {

    private final Stamp stamp = new Stamp("r1n");
    private final Stamp.Fields fields = new Stamp.Fields();

    /**
     * A frame's head as the connection holds it: copied into a reused array, after a longer earlier frame
     * whose bytes are still there past the end of this one.
     */
    private record Frame(byte[] head, int length) {}

    private static Frame frame(String json) {
        byte[] head = new byte[FrameScanner.HEAD];
        byte[] stale = ",\"text\":\"r1n.9.9.9.m.\"".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < head.length; i++) {
            head[i] = stale[i % stale.length];
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, head.length);
        System.arraycopy(bytes, 0, head, 0, length);
        return new Frame(head, length);
    }

    private boolean readMessage(String json) {
        Frame f = frame(json);
        if (!FrameScanner.isMessage(f.head, f.length)) {
            return false;
        }
        int at = FrameScanner.textStart(f.head, f.length);
        return at >= 0 && stamp.read(f.head, at, f.length, fields);
    }

    @Test
    void reads_the_stamp_of_a_message_frame_as_the_server_writes_it() {
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"bench-0\",\"id\":41,\"user\":\"bench-r1n-0\","
                        + "\"text\":\"r1n.17.9042.1733000000123456.m.xxxxxxxx\",\"ts\":\"2025-05-01T10:15:30.120Z\","
                        + "\"clientId\":\"r1n.17.9042.1733000000123456.m\"}"))
                .isTrue();
        assertThat(fields.sender).isEqualTo(17);
        assertThat(fields.seq).isEqualTo(9042);
        assertThat(fields.sentMicros).isEqualTo(1733000000123456L);
        assertThat(fields.measured).isTrue();
    }

    @Test
    void a_text_that_is_only_the_stamp_is_read_and_a_warmup_flag_is_kept() {
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"a\",\"id\":1,\"user\":\"bob\","
                        + "\"text\":\"r1n.0.0.5.w\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"c\"}"))
                .isTrue();
        assertThat(fields.sender).isZero();
        assertThat(fields.seq).isZero();
        assertThat(fields.measured).isFalse();
    }

    @Test
    void texts_of_people_and_of_other_runs_are_not_taken_for_ours() {
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":2,\"user\":\"ana\","
                        + "\"text\":\"hello\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"a-1\"}"))
                .isFalse();
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":2,\"user\":\"ana\","
                        + "\"text\":\"zzz.1.2.3.m.xx\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"a-1\"}"))
                .isFalse();
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":2,\"user\":\"ana\","
                        + "\"text\":\"r1n.1.2.3.q.xx\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"a-1\"}"))
                .as("unknown flag")
                .isFalse();
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":2,\"user\":\"ana\","
                        + "\"text\":\"r1n.1.x2.3.m.xx\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"a-1\"}"))
                .as("not a number")
                .isFalse();
    }

    @Test
    void escaped_quotes_and_a_fake_text_field_inside_a_text_do_not_mislead_it() {
        // A person's text that holds what looks like a field, escaped by the server's JSON writer.
        assertThat(
                        readMessage(
                                "{\"type\":\"message\",\"room\":\"general\",\"id\":3,\"user\":\"ana\","
                                        + "\"text\":\"\\\"text\\\":\\\"r1n.1.2.3.m.\",\"ts\":\"2025-05-01T10:15:30Z\",\"clientId\":\"a\"}"))
                .isFalse();
        // Our stamp stays readable whatever follows it in the text: escapes, newlines, non-ASCII.
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":3,\"user\":\"ana\","
                        + "\"text\":\"r1n.4.5.6.m.\\\"quoted\\\"\\nnext line é\",\"ts\":\"2025-05-01T10:15:30Z\","
                        + "\"clientId\":\"a\"}"))
                .isTrue();
        assertThat(fields.sender).isEqualTo(4);
        assertThat(fields.seq).isEqualTo(5);
    }

    @Test
    void a_cut_off_frame_is_not_read_past_its_end() {
        assertThat(readMessage(
                        "{\"type\":\"message\",\"room\":\"general\",\"id\":3,\"user\":\"ana\",\"text\":\"r1n.4.5"))
                .isFalse();
        assertThat(readMessage("{\"type\":\"message\",\"room\":\"general\",\"id\":3,\"user\":\"ana\",\"te"))
                .isFalse();
        assertThat(readMessage("{\"type\":\"mess")).isFalse();
        assertThat(readMessage(
                        "{\"type\":\"message\",\"room\":\"general\",\"id\":3,\"user\":\"ana\",\"text\":\"r1n.4.5.6.m"))
                .as("cut right after the flag")
                .isFalse();
    }

    @Test
    void tells_acks_errors_and_joined_apart_from_other_frames() {
        Frame ack = frame("{\"type\":\"ack\",\"clientId\":\"r1n.3.77.123.m\",\"room\":\"bench-0\",\"id\":43,"
                + "\"ts\":\"2025-05-01T10:16:02.551Z\"}");
        assertThat(FrameScanner.isAck(ack.head, ack.length)).isTrue();
        assertThat(stamp.read(ack.head, FrameScanner.ackClientIdStart(), ack.length, fields))
                .isTrue();
        assertThat(fields.sender).isEqualTo(3);
        assertThat(fields.seq).isEqualTo(77);

        Frame error = frame("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"You are sending too fast.\","
                + "\"ref\":\"r1n.3.78.124.m\",\"room\":\"bench-0\",\"retryAfterMs\":500}");
        assertThat(FrameScanner.isError(error.head, error.length)).isTrue();
        assertThat(FrameScanner.errorCode(error.head, error.length)).isEqualTo("rate_limited");

        Frame joined = frame("{\"type\":\"joined\",\"room\":\"bench-0\",\"online\":[\"ana\"],\"recovered\":0}");
        assertThat(FrameScanner.isJoined(joined.head, joined.length)).isTrue();
        assertThat(FrameScanner.isMessage(joined.head, joined.length)).isFalse();

        Frame p = frame("{\"type\":\"presence\",\"room\":\"general\",\"user\":\"cat\",\"state\":\"online\"}");
        assertThat(FrameScanner.isMessage(p.head, p.length)
                        || FrameScanner.isAck(p.head, p.length)
                        || FrameScanner.isError(p.head, p.length)
                        || FrameScanner.isJoined(p.head, p.length))
                .isFalse();
    }

    @Test
    void the_stamp_it_writes_is_the_stamp_it_reads() {
        StringBuilder s = new StringBuilder("\"");
        stamp.write(s, 12345, 678901234L, 1733000000999999L, false);
        s.append('"');
        byte[] bytes = s.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(stamp.read(bytes, 1, bytes.length, fields)).isTrue();
        assertThat(fields.sender).isEqualTo(12345);
        assertThat(fields.seq).isEqualTo(678901234L);
        assertThat(fields.sentMicros).isEqualTo(1733000000999999L);
        assertThat(fields.measured).isFalse();
    }
}
