package dev.chat.cli.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.util.List;

/**
 * Reads the server's WebSocket frames where they lie in the bytes read from the socket, once the handshake
 * is done: no frame objects, no copies, nothing allocated per message. Text frames go to the connection as
 * index ranges; pings are answered; a close is answered and reported. Replaces Netty's frame decoder,
 * which copies every payload into a buffer of its own and wraps it in a frame object.
 */
final class FrameReader extends ByteToMessageDecoder {

    private static final int MAX_PAYLOAD = 1 << 20;

    private final BenchConnection connection;
    /** A text message the server split into fragments (it does not, but the protocol allows it). */
    private ByteBuf fragments;

    FrameReader(BenchConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (ctx.channel().isActive()) {
            int start = in.readerIndex();
            int readable = in.writerIndex() - start;
            if (readable < 2) {
                return;
            }
            int b0 = in.getUnsignedByte(start);
            int b1 = in.getUnsignedByte(start + 1);
            int header = 2;
            long length = b1 & 0x7F;
            if (length == 126) {
                if (readable < 4) {
                    return;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (readable < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if ((b1 & 0x80) != 0 || length < 0 || length > MAX_PAYLOAD) {
                connection.protocolError((b1 & 0x80) != 0 ? "a masked frame from the server" : "a frame over 1 MiB");
                in.skipBytes(readable);
                ctx.close();
                return;
            }
            if (readable < header + length) {
                return;
            }
            int from = start + header;
            int to = from + (int) length;
            frame(ctx, (b0 & 0x80) != 0, b0 & 0x0F, in, from, to);
            in.readerIndex(to);
        }
    }

    private void frame(ChannelHandlerContext ctx, boolean fin, int opcode, ByteBuf in, int from, int to) {
        switch (opcode) {
            case 0x1 -> {
                if (fin) {
                    connection.text(in, from, to);
                } else {
                    fragments = ctx.alloc().heapBuffer(2 * (to - from));
                    fragments.writeBytes(in, from, to - from);
                }
            }
            case 0x0 -> {
                if (fragments != null) {
                    fragments.writeBytes(in, from, to - from);
                    if (fin) {
                        try {
                            connection.text(fragments, fragments.readerIndex(), fragments.writerIndex());
                        } finally {
                            releaseFragments();
                        }
                    }
                }
            }
            case 0x9 -> ctx.channel().writeAndFlush(new PongWebSocketFrame(in.retainedSlice(from, to - from)));
            case 0x8 -> {
                if (connection.leaving()) {
                    // The server answers the close frame the bench sent: the closing handshake is complete.
                    ctx.close();
                } else {
                    connection.closedByServer(to - from >= 2 ? in.getUnsignedShort(from) : 1005);
                    ctx.channel()
                            .writeAndFlush(new CloseWebSocketFrame(1000, ""))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            }
            default -> {
                // Binary frames and pongs: nothing the bench counts.
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseFragments();
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }
}
