package dev.chat.cli.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * One bench client on its WebSocket: joins its room, sends on the timeline if it is a sender, and counts
 * what arrives. Its own state is its room, its place among the room's senders, and the last sequence
 * number seen from each of them.
 */
final class BenchConnection extends ChannelInboundHandlerAdapter {

    /** Told once per connection: {@code failure} is null when the connection has joined its room. */
    interface Ready {
        void done(String failure);
    }

    private static final String PADDING = "x".repeat(4000);

    private final String room;
    private final int roomIndex;
    private final int sender;
    private final int firstSender;
    private final long[] lastSeq;
    private final Load load;
    private final LoopStats stats;
    private Ready ready;
    private ChannelHandlerContext ctx;

    private Timeline timeline;
    private long next;
    private final Runnable tick = this::tick;

    /** What every connection of a run shares. */
    record Load(Stamp stamp, int size, int sendersPerRoom, long lateNanos) {}

    BenchConnection(String room, int roomIndex, int sender, Load load, LoopStats stats, Ready ready) {
        this.room = room;
        this.roomIndex = roomIndex;
        this.sender = sender;
        this.firstSender = roomIndex * load.sendersPerRoom();
        this.lastSeq = new long[load.sendersPerRoom()];
        java.util.Arrays.fill(lastSeq, -1);
        this.load = load;
        this.stats = stats;
        this.ready = ready;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ChannelHandler decoder = ctx.pipeline().get(WebSocketFrameDecoder.class);
            ctx.pipeline().replace(decoder, "bench-frames", new FrameReader(this));
            // Its work (the handshake, and frames as objects) is done: one hop less for every read.
            ctx.pipeline().remove(WebSocketClientProtocolHandler.class);
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"join\",\"room\":\"" + room + "\"}"));
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail("the WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Frames decoded by Netty: only before the {@link FrameReader} takes over, so in practice none. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame frame) {
                ByteBuf bytes = frame.content();
                text(bytes, bytes.readerIndex(), bytes.writerIndex());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** One text frame from the server: the bytes [from, to) of {@code bytes}. */
    void text(ByteBuf bytes, int from, int to) {
        long now = System.nanoTime();
        byte[] head = stats.head;
        int length = Math.min(to - from, head.length);
        bytes.getBytes(from, head, 0, length);
        if (FrameScanner.isMessage(head, length)) {
            received(head, length, now);
        } else if (FrameScanner.isAck(head, length)) {
            Stamp.Fields f = stats.fields;
            if (load.stamp().read(head, FrameScanner.ackClientIdStart(), length, f) && f.measured) {
                stats.acked++;
                stats.ackLatency.record(BenchClock.micros(now) - f.sentMicros);
            }
        } else if (FrameScanner.isError(head, length)) {
            stats.error(FrameScanner.errorCode(head, length));
        } else if (ready != null && FrameScanner.isJoined(head, length)) {
            Ready r = ready;
            ready = null;
            r.done(null);
        } else {
            stats.otherFrames++;
        }
    }

    /** True once the run is over and the bench itself is closing its connections. */
    boolean leaving() {
        return stats.closing;
    }

    void closedByServer(int code) {
        if (ready != null) {
            fail("the server closed the connection (" + code + ")");
        } else if (!stats.closing) {
            stats.error("closed " + code);
        }
    }

    void protocolError(String what) {
        if (ready != null) {
            fail("the server sent " + what);
        } else {
            stats.error("protocol");
        }
    }

    private void received(byte[] head, int length, long now) {
        Stamp.Fields f = stats.fields;
        int text = FrameScanner.textStart(head, length);
        if (text < 0 || !load.stamp().read(head, text, length, f)) {
            stats.foreign++;
            return;
        }
        int k = f.sender - firstSender;
        if (k < 0 || k >= lastSeq.length) {
            stats.foreign++;
            return;
        }
        if (f.seq <= lastSeq[k]) {
            stats.duplicated++;
            return;
        }
        lastSeq[k] = f.seq;
        if (now >= stats.windowStart && now < stats.windowEnd) {
            stats.windowDeliveries++;
        }
        if (f.measured) {
            stats.delivered++;
            stats.latency.record(BenchClock.micros(now) - f.sentMicros);
        }
    }

    /** Runs on this connection's event loop: starts the sends of a sender, does nothing for a reader. */
    void start(Timeline timeline) {
        if (sender < 0) {
            return;
        }
        this.timeline = timeline;
        this.next = 0;
        tick();
    }

    private void tick() {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean wrote = false;
        while (true) {
            long due = timeline.due(sender, next);
            if (due >= timeline.windowEnd()) {
                break;
            }
            long now = System.nanoTime();
            if (due > now) {
                ctx.executor().schedule(tick, due - now, TimeUnit.NANOSECONDS);
                break;
            }
            boolean measured = due >= timeline.windowStart();
            if (measured) {
                stats.sent[roomIndex]++;
                long lateness = now - due;
                if (lateness > load.lateNanos()) {
                    stats.late++;
                }
                stats.maxLatenessNanos = Math.max(stats.maxLatenessNanos, lateness);
            } else {
                stats.warmupSent++;
            }
            ctx.write(sendFrame(next, BenchClock.micros(now), measured));
            wrote = true;
            next++;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private TextWebSocketFrame sendFrame(long seq, long sentMicros, boolean measured) {
        StringBuilder s = stats.scratch;
        s.setLength(0);
        s.append("{\"type\":\"send\",\"room\":\"").append(room).append("\",\"text\":\"");
        int textStart = s.length();
        load.stamp().write(s, sender, seq, sentMicros, measured);
        int stampEnd = s.length();
        int pad = load.size() - (stampEnd - textStart) - 1;
        if (pad > 0) {
            s.append('.').append(PADDING, 0, pad);
        }
        s.append("\",\"clientId\":\"").append(s, textStart, stampEnd).append("\"}");
        ByteBuf buf = ctx.alloc().buffer(s.length());
        ByteBufUtil.writeAscii(buf, s);
        return new TextWebSocketFrame(buf);
    }

    /** Runs on the event loop: the TCP connection could not be made. */
    void connectFailed(String why) {
        fail(why);
    }

    /** Runs on the event loop: gives up on a connection that has not joined in time. */
    void timeOut() {
        fail("no answer within the connect timeout");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ready != null) {
            fail(
                    cause instanceof WebSocketClientHandshakeException
                            ? "the WebSocket handshake was refused (" + cause.getMessage() + ")"
                            : String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
        } else {
            stats.error("exception");
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ready != null) {
            fail("the connection closed before it joined its room");
        } else if (!stats.closing) {
            stats.disconnects++;
        }
        super.channelInactive(ctx);
    }

    /** Tells the outcome once, whichever of failure, timeout and close comes first. */
    private void fail(String why) {
        Ready r = ready;
        if (r != null) {
            ready = null;
            r.done(why);
            if (ctx != null) {
                ctx.close();
            }
        }
    }
}
