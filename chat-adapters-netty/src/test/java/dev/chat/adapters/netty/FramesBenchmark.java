package dev.chat.adapters.netty;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-message JSON work of the WebSocket protocol, on data shaped like {@code chat bench}'s (room
 * {@code bench-0}, a guest user, a 64-character text starting with the bench's stamp, the stamp as clientId):
 * a live message to its frame text, to UTF-8 bytes once per room as {@link SharedFrames} does, and a client's
 * {@code send} frame decoded. Run by {@code bench/jmh.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class FramesBenchmark {

    static final String ROOM = "bench-0";
    static final String STAMP = "k3x9q2.0.123456.1764583200123456.m";
    static final String TEXT = padded(STAMP);

    /** The stamp, a dot and {@code x} up to 64 characters, as the bench pads its texts. */
    static String padded(String stamp) {
        StringBuilder s = new StringBuilder(stamp).append('.');
        while (s.length() < 64) {
            s.append('x');
        }
        return s.toString();
    }

    /** A stored message as the hub hands it to the adapter. */
    static Message message(long id) {
        return new Message(
                new RoomName(ROOM),
                id,
                new Username("guest-k3x9q2"),
                new MessageText(TEXT),
                Instant.parse("2026-12-01T10:00:00.123Z"),
                new ClientId(STAMP));
    }

    /** A client's {@code send} frame exactly as the bench writes it. */
    static String sendFrame(String clientId) {
        return "{\"type\":\"send\",\"room\":\"" + ROOM + "\",\"text\":\"" + TEXT + "\",\"clientId\":\"" + clientId
                + "\"}";
    }

    private final Message message = message(123456);
    private final LiveEvent.Delivered delivered = new LiveEvent.Delivered(message);
    private final String send = sendFrame(STAMP);
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    /** FrameEncoder.event: the message to its JSON frame text (a tree, then a String). */
    @Benchmark
    public String encodeMessageToText() {
        return FrameEncoder.event(delivered, null);
    }

    /**
     * SharedFrames.encode for a new event, as for the first member of a room: the JSON text, its UTF-8 bytes
     * in a pooled buffer, and the duplicate a connection writes; both released as after the socket write.
     */
    @Benchmark
    public int encodeMessageToSharedBytes() {
        ByteBuf frame = SharedFrames.encode(new LiveEvent.Delivered(message), null, alloc);
        int length = frame.readableBytes();
        frame.release();
        return length;
    }

    /** FrameDecoder.decode: a client's {@code send} frame text to a command. */
    @Benchmark
    public ClientCommand decodeSendFrame() throws ProtocolException {
        return FrameDecoder.decode(send);
    }
}
