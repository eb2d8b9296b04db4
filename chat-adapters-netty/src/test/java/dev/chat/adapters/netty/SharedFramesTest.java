package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.LiveEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

/** A live event is framed once and the bytes are what a browser's WebSocket reads as that text. */
class SharedFramesTest {

    /** What a client does with the server's bytes: Netty's own decoder, expecting unmasked frames. */
    private static String asClientReadsIt(ByteBuf frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));
        try {
            assertThat(client.writeInbound(frame)).as("a whole frame").isTrue();
            TextWebSocketFrame text = client.readInbound();
            try {
                assertThat(text.isFinalFragment()).isTrue();
                assertThat(client.<Object>readInbound())
                        .as("nothing after the frame")
                        .isNull();
                return text.text();
            } finally {
                text.release();
            }
        } finally {
            client.finishAndReleaseAll();
        }
    }

    /**
     * The buffer under a duplicate: the adaptive allocator sometimes hands out a buffer wrapped in a leak-aware
     * wrapper of its own, so one level of {@code unwrap()} can differ for the same bytes (about once in 128 runs).
     */
    private static ByteBuf root(ByteBuf buffer) {
        ByteBuf inner = buffer;
        while (inner.unwrap() != null) {
            inner = inner.unwrap();
        }
        return inner;
    }

    @Test
    void texts_of_every_length_class_arrive_as_one_text_frame() {
        // 7-bit, 16-bit and 64-bit payload lengths, at and around their edges, with multi-byte characters.
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            String text = "é".repeat(length / 2) + "a".repeat(length % 2);
            ByteBuf frame = SharedFrames.textFrame(text, ByteBufAllocator.DEFAULT);
            assertThat(asClientReadsIt(frame)).as("%d bytes", length).isEqualTo(text);
            assertThat(frame.refCnt()).isZero();
        }
    }

    @Test
    void one_event_is_framed_once_for_every_connection_it_goes_to() {
        LiveEvent gap = new LiveEvent.Gap(new RoomName("general"));
        ByteBuf first = SharedFrames.encode(gap, null, ByteBufAllocator.DEFAULT);
        ByteBuf second = SharedFrames.encode(gap, null, ByteBufAllocator.DEFAULT);
        assertThat(root(second)).as("the same bytes, shared").isSameAs(root(first));
        assertThat(asClientReadsIt(first)).isEqualTo("{\"type\":\"gap\",\"room\":\"general\"}");
        assertThat(asClientReadsIt(second)).isEqualTo("{\"type\":\"gap\",\"room\":\"general\"}");

        ByteBuf other = SharedFrames.encode(new LiveEvent.Gap(new RoomName("random")), null, ByteBufAllocator.DEFAULT);
        assertThat(asClientReadsIt(other)).isEqualTo("{\"type\":\"gap\",\"room\":\"random\"}");
        assertThat(root(first).refCnt())
                .as("the first event's frame, once every connection wrote it")
                .isZero();
    }
}
