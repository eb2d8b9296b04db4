package dev.chat.adapters.netty;

import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Encodes a live event once for all the connections it goes to. A room's hub hands the same event object to
 * every member, one after another on one thread, so the thread remembers the last event it encoded: the JSON
 * is built and turned into bytes once per room, and each connection writes a duplicate of the same buffer. An event
 * whose frame depends on the reader (a message with reactions says whether the reader reacted) is encoded for each.
 */
final class SharedFrames {

    private static final class Last {
        Object event;
        ByteBuf bytes;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private SharedFrames() {}

    /** The event's frame text as UTF-8 bytes; the caller owns the returned reference and must release it. */
    static ByteBuf encode(LiveEvent event, Username viewer, ByteBufAllocator alloc) {
        if (FrameEncoder.dependsOnViewer(event)) {
            return ByteBufUtil.writeUtf8(alloc, FrameEncoder.event(event, viewer));
        }
        Last last = LAST.get();
        if (last.event != event) {
            if (last.bytes != null) {
                last.bytes.release();
            }
            last.bytes = ByteBufUtil.writeUtf8(alloc, FrameEncoder.event(event, null));
            last.event = event;
        }
        return last.bytes.retainedDuplicate();
    }
}
