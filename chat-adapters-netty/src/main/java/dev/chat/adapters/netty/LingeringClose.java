package dev.chat.adapters.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Answers a request whose body is still arriving, then closes the way RFC 9112 §9.6 asks: the write side
 * first, and the socket only once the client has stopped sending (or after {@link #LINGER_SECONDS}). Closing
 * at once with unread bytes makes the kernel reset the connection and drop the answer not yet delivered:
 * the client sees "connection reset" instead of the refusal.
 */
final class LingeringClose {

    static final int LINGER_SECONDS = 2;

    private LingeringClose() {}

    static void send(Channel channel, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.pipeline().addFirst("lingering-close", Discard.INSTANCE);
        channel.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex)) {
                channel.close();
                return;
            }
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    /** Drops whatever else the client sends; its end of stream closes the channel (half-closure is off). */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
