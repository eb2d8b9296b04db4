package dev.chat.adapters.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pings a WebSocket whenever its client has been silent for one interval (a listening-only client in a
 * busy room is silent too, so outgoing traffic does not count), and drops it after
 * {@value #MISSED_PINGS} silent intervals: that peer is gone. Idle plain HTTP connections are closed
 * after one interval, unless a request of theirs is still being answered: a client waiting for a slow
 * answer is not idle.
 */
final class KeepAliveHandler extends ChannelDuplexHandler {

    static final int MISSED_PINGS = 3;
    private static final AttributeKey<AtomicInteger> ANSWERING = AttributeKey.valueOf("chat-requests-answering");

    /** A request on this channel is being answered off the event loop. */
    static void answering(Channel channel) {
        AtomicInteger count = channel.attr(ANSWERING).get();
        if (count == null) {
            channel.attr(ANSWERING).setIfAbsent(new AtomicInteger());
            count = channel.attr(ANSWERING).get();
        }
        count.incrementAndGet();
    }

    /** Its answer is written (or will never be). */
    static void answered(Channel channel) {
        AtomicInteger count = channel.attr(ANSWERING).get();
        if (count != null) {
            count.decrementAndGet();
        }
    }

    private static boolean isAnswering(Channel channel) {
        AtomicInteger count = channel.attr(ANSWERING).get();
        return count != null && count.get() > 0;
    }

    private int silentIntervals;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        silentIntervals = 0;
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            boolean socket = ctx.pipeline().get(ChatChannelInitializer.SOCKET) != null;
            if (!socket && isAnswering(ctx.channel())) {
                return;
            }
            if (!socket || ++silentIntervals >= MISSED_PINGS) {
                ctx.close();
            } else {
                ctx.channel().writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
