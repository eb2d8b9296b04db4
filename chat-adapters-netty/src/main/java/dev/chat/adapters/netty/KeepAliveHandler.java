package dev.chat.adapters.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Pings quiet WebSockets so load balancers keep them open, and drops connections that have sent nothing
 * (not even a pong) for too long: those peers are gone.
 */
final class KeepAliveHandler extends ChannelDuplexHandler {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                ctx.close();
                return;
            }
            if (idle.state() == IdleState.ALL_IDLE && ctx.pipeline().get(ChatChannelInitializer.SOCKET) != null) {
                ctx.channel().writeAndFlush(new PingWebSocketFrame());
                return;
            }
        }
        super.userEventTriggered(ctx, evt);
    }
}
