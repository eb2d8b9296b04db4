package dev.chat.adapters.netty;

import dev.chat.core.port.in.LiveEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Encodes a live event once for all the connections it goes to, as a whole WebSocket text frame: header and
 * payload in one buffer, which each connection writes as it is. A room's hub hands the same event object to
 * every member, one after another on one thread, so the thread remembers the last event it encoded: the JSON
 * is built, turned into bytes and framed once per room, and each connection writes a duplicate of the same
 * buffer. Server frames are never masked and this server negotiates no extension, so the bytes are the same
 * for every reader; Netty's frame encoder lets a buffer that is already a frame pass unchanged.
 */
final class SharedFrames {

    /** FIN set, opcode 1: a whole text message in one frame. */
    private static final int FIN_TEXT = 0x81;

    private static final class Last {
        Object event;
        ByteBuf frame;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private SharedFrames() {
    }

    /** The event as one WebSocket text frame; the caller owns the returned reference and must release it. */
    static ByteBuf encode(LiveEvent event, ByteBufAllocator alloc) {
        Last last = LAST.get();
        if (last.event != event) {
            if (last.frame != null) {
                last.frame.release();
                last.frame = null;
            }
            last.frame = textFrame(FrameEncoder.event(event), alloc);
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
