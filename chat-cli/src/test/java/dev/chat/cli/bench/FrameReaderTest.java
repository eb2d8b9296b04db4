package dev.chat.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private final LoopStats stats = new LoopStats(1);
    private final List<String> ready = new ArrayList<>();
    private final BenchConnection connection = new BenchConnection(
            "bench-0",
            0,
            -1,
            new BenchConnection.Load(new Stamp("t1"), 64, 2, 5_000_000),
            stats,
            why -> ready.add(String.valueOf(why)));
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(connection), connection);

    @BeforeEach
    void measuring() {
        stats.windowStart = Long.MIN_VALUE;
        stats.windowEnd = Long.MAX_VALUE;
    }

    private static ByteBuf frame(int firstByte, byte[] payload) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(firstByte);
        if (payload.length < 126) {
            frame.writeByte(payload.length);
        } else if (payload.length < 65536) {
            frame.writeByte(126).writeShort(payload.length);
        } else {
            frame.writeByte(127).writeLong(payload.length);
        }
        return frame.writeBytes(payload);
    }

    private static ByteBuf text(String json) {
        return frame(0x81, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf message(int sender, long seq, String padding) {
        return text(messageJson(sender, seq, padding));
    }

    private static String messageJson(int sender, long seq, String padding) {
        return ("{\"type\":\"message\",\"room\":\"bench-0\",\"id\":" + (seq + 1) + ",\"user\":\"u" + sender
                + "\",\"text\":\"t1." + sender + "." + seq + "." + BenchClock.micros(System.nanoTime()) + ".m."
                + padding
                + "\",\"ts\":\"2025-05-01T10:15:30.120Z\",\"clientId\":\"c\"}");
    }

    private static ByteBuf joined() {
        return text("{\"type\":\"joined\",\"room\":\"bench-0\",\"online\":[\"a\"],\"recovered\":0}");
    }

    @Test
    void frames_split_across_reads_and_packed_into_one_read_are_each_counted_once() {
        ByteBuf all = Unpooled.wrappedBuffer(
                joined(), message(0, 0, "x"), message(1, 0, "x"), message(0, 1, "x"), message(1, 1, "y".repeat(300)));
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(Math.min(7, all.readableBytes())));
        }
        all.release();

        assertThat(ready).containsExactly("null");
        assertThat(stats.delivered).isEqualTo(4);
        assertThat(stats.windowDeliveries).isEqualTo(4);
        assertThat(stats.latency.count()).isEqualTo(4);
        assertThat(stats.duplicated).isZero();
        assertThat(stats.foreign).isZero();
    }

    @Test
    void a_sequence_number_seen_before_from_the_same_sender_counts_as_duplicated() {
        channel.writeInbound(Unpooled.wrappedBuffer(
                joined(), message(1, 0, "x"), message(1, 1, "x"), message(1, 1, "x"), message(0, 0, "x")));

        assertThat(stats.delivered).isEqualTo(3);
        assertThat(stats.duplicated).isEqualTo(1);
    }

    @Test
    void senders_of_other_rooms_and_other_texts_are_foreign() {
        channel.writeInbound(Unpooled.wrappedBuffer(
                joined(),
                message(2, 0, "x"),
                text(
                        "{\"type\":\"message\",\"room\":\"bench-0\",\"id\":9,\"user\":\"ana\",\"text\":\"hi\",\"ts\":\"t\","
                                + "\"clientId\":\"c\"}")));

        assertThat(stats.delivered).isZero();
        assertThat(stats.foreign).isEqualTo(2);
    }

    @Test
    void a_fragmented_text_is_put_together_before_it_is_read() {
        byte[] payload = messageJson(0, 0, "z".repeat(50)).getBytes(StandardCharsets.UTF_8);
        byte[] first = java.util.Arrays.copyOfRange(payload, 0, 40);
        byte[] second = java.util.Arrays.copyOfRange(payload, 40, payload.length);

        channel.writeInbound(Unpooled.wrappedBuffer(joined(), frame(0x01, first), frame(0x80, second)));

        assertThat(stats.delivered).isEqualTo(1);
    }

    @Test
    void a_ping_is_answered_with_a_pong_carrying_its_payload() {
        channel.writeInbound(frame(0x89, "abc".getBytes(StandardCharsets.US_ASCII)));

        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        pong.release();
    }

    @Test
    void a_close_from_the_server_is_answered_and_reported_with_its_code() {
        channel.writeInbound(joined());
        ByteBuf close = Unpooled.buffer()
                .writeShort(1008)
                .writeBytes("Too many requests at once.".getBytes(StandardCharsets.US_ASCII));
        byte[] payload = new byte[close.readableBytes()];
        close.readBytes(payload);
        channel.writeInbound(frame(0x88, payload));

        CloseWebSocketFrame answer = channel.readOutbound();
        assertThat(answer.statusCode()).isEqualTo(1000);
        answer.release();
        assertThat(stats.errors).containsEntry("closed 1008", 1L);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void the_servers_answer_to_the_bench_leaving_ends_the_connection_quietly() {
        channel.writeInbound(joined());
        stats.closing = true;
        channel.writeInbound(frame(0x88, new byte[] {0x03, (byte) 0xE8}));

        Object written = channel.readOutbound();
        assertThat(written).as("no second close frame").isNull();
        assertThat(stats.errors).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void a_masked_frame_from_the_server_fails_a_connection_that_has_not_joined() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 5, 6}));

        assertThat(ready).containsExactly("the server sent a masked frame from the server");
        assertThat(channel.isOpen()).isFalse();
    }
}
