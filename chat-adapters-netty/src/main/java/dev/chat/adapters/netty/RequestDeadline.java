package dev.chat.adapters.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives every HTTP request a fixed time from its first byte to its last: a client that trickles a request
 * a byte at a time (slowloris) keeps the idle timer quiet, but not this one. Two instances share the timer:
 * the {@link #start} one before the HTTP codec arms it on the first bytes, the {@link #end} one after the
 * aggregator disarms it when the whole request has arrived.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<ScheduledFuture<?>> TIMER = AttributeKey.valueOf("chat-request-deadline");

    private final boolean arms;
    private final long millis;

    private RequestDeadline(boolean arms, long millis) {
        this.arms = arms;
        this.millis = millis;
    }

    static RequestDeadline start(long millis) {
        return new RequestDeadline(true, millis);
    }

    static RequestDeadline end() {
        return new RequestDeadline(false, 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (arms) {
            if (ctx.channel().attr(TIMER).get() == null) {
                ctx.channel()
                        .attr(TIMER)
                        .set(ctx.executor()
                                .schedule(
                                        () -> {
                                            ctx.channel().attr(TIMER).set(null);
                                            ctx.close();
                                        },
                                        millis,
                                        TimeUnit.MILLISECONDS));
            }
        } else if (msg instanceof FullHttpRequest) {
            ScheduledFuture<?> timer = ctx.channel().attr(TIMER).getAndSet(null);
            if (timer != null) {
                timer.cancel(false);
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ScheduledFuture<?> timer = ctx.channel().attr(TIMER).getAndSet(null);
        if (timer != null) {
            timer.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
