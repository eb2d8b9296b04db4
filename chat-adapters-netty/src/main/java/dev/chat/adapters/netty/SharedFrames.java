package dev.chat.adapters.netty;

import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Encodes a live event once for all the connections it goes to, as a whole WebSocket text frame: header and
 * payload in one buffer, which each connection writes as it is, straight to its socket ({@link FrameWriter}), so
 * that nothing is copied per connection. A room's hub hands the same event object to every member,
 * one after another on one thread, so the thread remembers the last event it framed: the JSON is built, turned
 * into bytes and framed once per room, and each connection writes a duplicate of the same buffer (a duplicate has
 * its own indexes and hands the socket a view of its own, so connections of different event loops may write it
 * at once). Server frames are never masked and this server negotiates no extension, so the bytes are the same
 * for every reader. An event whose frame depends on the reader (a message with reactions says whether the
 * reader reacted) is framed for each.
 */
final class SharedFrames {

    /** FIN set, opcode 1: a whole text message in one frame. */
    private static final int FIN_TEXT = 0x81;

    private static final class Last {
        Object event;
        ByteBuf frame;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private SharedFrames() {}

    /** The event as one WebSocket text frame; the caller owns the returned reference and must release it. */
    static ByteBuf encode(LiveEvent event, Username viewer, ByteBufAllocator alloc) {
        if (FrameEncoder.dependsOnViewer(event)) {
            return textFrame(FrameEncoder.event(event, viewer), alloc);
        }
        Last last = LAST.get();
        if (last.event != event) {
            if (last.frame != null) {
                last.frame.release();
                last.frame = null;
            }
            last.frame = textFrame(FrameEncoder.event(event, null), alloc);
            last.event = event;
        }
        return last.frame.retainedDuplicate();
    }

    /** {@code text} framed as an unmasked WebSocket text frame (RFC 6455, section 5.2). */
    static ByteBuf textFrame(String text, ByteBufAllocator alloc) {
        int length = ByteBufUtil.utf8Bytes(text);
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.buffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(frame, text, length);
        return frame;
    }
}
