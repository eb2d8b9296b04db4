package dev.chat.adapters.netty;

import dev.chat.core.domain.Username;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client's share of what waits to be sent: a client that stops reading is cut off once more than
 * {@code limit} bytes wait for it (sooner, past {@link ChatSocketHandler#UNDER_PRESSURE_BYTES}, while the node's
 * buffer memory runs short), and only once.
 */
final class SlowReader {

    /** The connection handler's logger: these lines are about its connection, as they were when it wrote them. */
    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final long limit;
    private final Username user;
    private final AtomicBoolean cutOff = new AtomicBoolean();

    SlowReader(long limit, Username user) {
        this.limit = limit;
        this.user = user;
    }

    /** What waits for the client: handed to the writer and not yet written, and in the channel's buffer. */
    static long pending(Channel ch) {
        ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
        return FrameWriter.queued(ch) + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    /** True when the client stopped reading; the connection is then cut. */
    boolean overLimit(Channel ch) {
        long pending = pending(ch);
        if (pending > limit || (pending > ChatSocketHandler.UNDER_PRESSURE_BYTES && BufferMemory.isShort())) {
            if (cutOff.compareAndSet(false, true)) {
                log.info(
                        "Disconnecting {}: it stopped reading ({} bytes waiting{})",
                        user,
                        pending,
                        pending > limit ? "" : ", buffer memory is short");
                ch.close();
            }
            return true;
        }
        return false;
    }

    /** The client cannot be given what it should have (a write failed): it goes, and recovers when back. */
    void cut(Channel ch, Throwable why) {
        if (cutOff.compareAndSet(false, true)) {
            log.warn("Disconnecting {}: could not write an event ({})", user, why.toString());
            ch.close();
        }
    }
}
