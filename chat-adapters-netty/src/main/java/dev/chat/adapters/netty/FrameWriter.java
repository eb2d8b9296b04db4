package dev.chat.adapters.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes frames to connections from any thread with one task per event loop per burst and one flush per
 * connection per burst, instead of a task, a wake-up and a socket write per frame: a message to a room of a
 * hundred is a hundred frames, mostly for connections of the same few loops. Frames keep the order in which
 * they were handed over, per loop and so per connection. What waits here for a connection is counted
 * ({@link #queued}), so that a slow reader's backlog counts whether it is still here or in the channel's
 * outbound buffer.
 *
 * <p>The frames written here are finished: whole WebSocket frames, header and payload, as {@link SharedFrames}
 * makes them. They enter the pipeline at its first handler, and so go straight to the socket, as does the flush:
 * none of the handlers in between acts on a finished frame (the WebSocket encoder would pass it on unchanged, the
 * others look only at what comes in, or at close frames), and walking past them cost about a tenth of the
 * server's CPU per delivery (docs/performance.md). A close frame, the one frame that is not finished here, goes
 * through the whole pipeline ({@link #writeAndClose}), after the frames handed over before it, and nothing is
 * written after it: what the WebSocket protocol handler would refuse is dropped here, as it never sees it.
 */
final class FrameWriter {

    private record Pending(Channel channel, Object frame, boolean thenClose, long bytes) {}

    /**
     * What is on its way to one connection: the bytes handed over and not yet passed to it (from any thread), and
     * whether a close frame has been written to it (on its event loop only).
     */
    private static final class Outgoing extends AtomicLong {
        boolean closeWritten;
    }

    private static final AttributeKey<Outgoing> QUEUED = AttributeKey.valueOf("chat-frames-queued");

    private static Outgoing counter(Channel channel) {
        Outgoing count = channel.attr(QUEUED).get();
        if (count == null) {
            channel.attr(QUEUED).setIfAbsent(new Outgoing());
            count = channel.attr(QUEUED).get();
        }
        return count;
    }

    /** Bytes handed over for {@code channel} and not yet passed to it. */
    static long queued(Channel channel) {
        AtomicLong count = channel.attr(QUEUED).get();
        return count == null ? 0 : count.get();
    }

    /**
     * Notes, on {@code channel}'s event loop, that a close frame is being written to it other than through this
     * writer: no frame is written after it.
     */
    static void closeWritten(Channel channel) {
        counter(channel).closeWritten = true;
    }

    /** The bytes a frame holds: a finished frame's, or a close frame's payload. */
    private static long size(Object frame) {
        if (frame instanceof ByteBuf bytes) {
            return bytes.readableBytes();
        }
        return frame instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }

    private static final class LoopQueue implements Runnable {
        final EventLoop loop;
        final Queue<Pending> pending = PlatformDependent.newMpscQueue();
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** Used on the loop only: the connections written to in one run, flushed at its end. */
        final List<Channel> written = new ArrayList<>();

        LoopQueue(EventLoop loop) {
            this.loop = loop;
        }

        void add(Channel channel, Object frame, boolean thenClose) {
            long bytes = size(frame);
            counter(channel).addAndGet(bytes);
            pending.add(new Pending(channel, frame, thenClose, bytes));
            if (scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException stopping) {
                    // The server is stopping: its connections go, and with them what was still to be sent.
                    Pending dropped;
                    while ((dropped = pending.poll()) != null) {
                        counter(dropped.channel()).addAndGet(-dropped.bytes());
                        ReferenceCountUtil.release(dropped.frame());
                    }
                }
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            Pending next;
            while ((next = pending.poll()) != null) {
                Channel channel = next.channel();
                Outgoing outgoing = counter(channel);
                outgoing.addAndGet(-next.bytes());
                if (!channel.isActive() || outgoing.closeWritten) {
                    ReferenceCountUtil.release(next.frame());
                    continue;
                }
                if (next.thenClose()) {
                    outgoing.closeWritten = true;
                    channel.writeAndFlush(next.frame()).addListener(ChannelFutureListener.CLOSE);
                    continue;
                }
                head(channel).write(next.frame(), channel.voidPromise());
                if (written.isEmpty() || written.get(written.size() - 1) != channel) {
                    written.add(channel);
                }
            }
            for (Channel channel : written) {
                head(channel).flush();
            }
            written.clear();
        }
    }

    private static final Map<EventLoop, LoopQueue> QUEUES = new ConcurrentHashMap<>();

    private FrameWriter() {}

    /**
     * Where a finished frame enters {@code channel}'s pipeline: the context of its first handler, from which a
     * write goes to the socket (the pipeline's head) and nowhere else. The channel itself when it has no handler.
     */
    private static ChannelOutboundInvoker head(Channel channel) {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        return first == null ? channel : first;
    }

    /**
     * Writes {@code frame}, a whole WebSocket frame already encoded, to {@code channel} soon, after the frames handed
     * over before it, and flushes it.
     */
    static void write(Channel channel, ByteBuf frame) {
        queue(channel).add(channel, frame, false);
    }

    /** Writes {@code frame} (a close frame) after the frames handed over before it, then closes the connection. */
    static void writeAndClose(Channel channel, CloseWebSocketFrame frame) {
        closingWith(channel, frame);
        queue(channel).add(channel, frame, true);
    }

    /**
     * Answers the client's close frame with {@code echo} after the frames handed over before it, then closes the
     * connection. The client closed it: this server's close code stays unset ({@link #closeCode}).
     */
    static void answerClose(Channel channel, CloseWebSocketFrame echo) {
        queue(channel).add(channel, echo, true);
    }

    /** The close code this server sends on {@code channel} (the first, if several), for the figures. */
    static final AttributeKey<Integer> CLOSE_CODE = AttributeKey.valueOf("chat-close-code");

    /** Notes that the server closes {@code channel} with {@code close}; call before writing it (writing frees it). */
    static void closingWith(Channel channel, CloseWebSocketFrame close) {
        channel.attr(CLOSE_CODE).setIfAbsent(close.statusCode());
    }

    /** The close code the server sent on {@code channel}, 0 if it sent none. */
    static int closeCode(Channel channel) {
        Integer code = channel.attr(CLOSE_CODE).get();
        return code == null ? 0 : code;
    }

    private static LoopQueue queue(Channel channel) {
        EventLoop loop = channel.eventLoop();
        LoopQueue queue = QUEUES.get(loop);
        if (queue == null) {
            LoopQueue fresh = new LoopQueue(loop);
            queue = QUEUES.putIfAbsent(loop, fresh);
            if (queue == null) {
                queue = fresh;
                // A stopped server's loops are forgotten (tests start many servers in one JVM).
                loop.terminationFuture().addListener(done -> QUEUES.remove(loop, fresh));
            }
        }
        return queue;
    }
}
