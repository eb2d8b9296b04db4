package dev.chat.adapters.netty;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: decodes client frames on the event loop, runs them in order on the worker
 * pool, and writes the core's events back. A client that stops reading is cut off once
 * {@code outboundLimit} bytes wait for it, so it cannot make the server buffer without bound.
 */
final class ChatSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements Live.Listener {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /** Frames that may wait for the worker pool per connection; more is a flood and ends the connection. */
    private static final int MAX_QUEUED_FRAMES = 256;
    static final int SIGNED_OUT = 4401;
    static final int BANNED = 4403;

    private final ChatApi api;
    private final Principal principal;
    private final Executor worker;
    private final SerialExecutor serial;
    private final long outboundLimit;
    private final ChannelGroup sockets;
    private final AtomicBoolean cutOff = new AtomicBoolean();
    /** Set on the event loop once this connection is being closed: frames read after that are not run. */
    private boolean closing;
    private volatile Channel channel;
    private volatile Live.Connection connection;

    ChatSocketHandler(ChatApi api, Principal principal, Executor worker, long outboundLimit, ChannelGroup sockets) {
        this.api = api;
        this.principal = principal;
        this.worker = worker;
        this.serial = new SerialExecutor(worker, MAX_QUEUED_FRAMES);
        this.outboundLimit = outboundLimit;
        this.sockets = sockets;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            channel = ctx.channel();
            sockets.add(channel);
            connection = api.live().connect(principal, this);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            onText(text.text());
        } else if (frame instanceof BinaryWebSocketFrame) {
            send(FrameEncoder.error("bad_request", "Binary frames are not supported; send JSON text frames.", null,
                    null));
        }
    }

    private void onText(String text) {
        if (closing) {
            // The rest of a flood can still be in the read buffer: it is neither queued nor logged again.
            return;
        }
        ClientCommand command;
        try {
            command = FrameDecoder.decode(text);
        } catch (ProtocolException e) {
            send(FrameEncoder.error(e.code(), e.getMessage(), e.ref(), null));
            return;
        }
        if (command instanceof ClientCommand.Ping) {
            send(FrameEncoder.pong());
            return;
        }
        switch (serial.offer(() -> execute(command))) {
            case ACCEPTED -> { }
            case FULL -> {
                log.info("Closing the connection of {}: too many frames waiting", principal.user());
                closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "Too many requests at once.");
            }
            case REJECTED -> closeWith(WebSocketCloseStatus.TRY_AGAIN_LATER, "The server is busy. Reconnect later.");
        }
    }

    private void closeWith(WebSocketCloseStatus status, String reason) {
        closing = true;
        FrameWriter.writeAndClose(channel, new CloseWebSocketFrame(status, reason));
    }

    private void execute(ClientCommand command) {
        Live.Connection conn = connection;
        String ref = null;
        String room = null;
        try {
            if (command instanceof ClientCommand.Join join) {
                room = join.room();
                conn.join(join.room(), join.after());
            } else if (command instanceof ClientCommand.Leave leave) {
                room = leave.room();
                conn.leave(leave.room());
            } else if (command instanceof ClientCommand.Send s) {
                ref = s.clientId();
                room = s.room();
                Messages.Posted posted = conn.send(s.room(), s.text(), s.clientId());
                send(FrameEncoder.ack(posted));
            } else if (command instanceof ClientCommand.Typing typing) {
                room = typing.room();
                conn.typing(typing.room(), typing.stop());
            } else if (command instanceof ClientCommand.History history) {
                room = history.room();
                Messages.HistoryPage page = api.messages().history(principal, history.room(), history.before(),
                        history.limit());
                send(FrameEncoder.history(history.room(), page));
            }
        } catch (ChatException e) {
            send(FrameEncoder.error(e, ref, room));
        } catch (RuntimeException e) {
            log.error("A {} from {} failed", command.getClass().getSimpleName(), principal.user(), e);
            send(FrameEncoder.error("internal", "Something went wrong on the server.", ref, room));
        }
    }

    @Override
    public void onEvent(LiveEvent event) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || overLimit(ch)) {
            return;
        }
        FrameWriter.write(ch, new TextWebSocketFrame(SharedFrames.encode(event, ch.alloc())));
    }

    @Override
    public void onClosed(Live.Ending ending) {
        Channel ch = channel;
        if (ch != null) {
            CloseWebSocketFrame close = switch (ending) {
                case SIGNED_OUT -> new CloseWebSocketFrame(SIGNED_OUT, "Signed out.");
                case BANNED -> new CloseWebSocketFrame(BANNED, "Banned.");
            };
            FrameWriter.writeAndClose(ch, close);
        }
    }

    private void send(String json) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || overLimit(ch)) {
            return;
        }
        FrameWriter.write(ch, new TextWebSocketFrame(json));
    }

    /** True when the client stopped reading: more than the limit waits unsent. The connection is then cut. */
    private boolean overLimit(Channel ch) {
        ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
        if (buffer != null && buffer.totalPendingWriteBytes() > outboundLimit) {
            if (cutOff.compareAndSet(false, true)) {
                log.info("Disconnecting {}: it stopped reading ({} bytes waiting)", principal.user(),
                        buffer.totalPendingWriteBytes());
                ch.close();
            }
            return true;
        }
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Live.Connection conn = connection;
        if (conn != null && serial.offer(conn::close) != SerialExecutor.Offer.ACCEPTED) {
            // Leaving rooms publishes presence, which may block on a networked fan-out: not on this loop.
            try {
                worker.execute(conn::close);
            } catch (RejectedExecutionException stopping) {
                conn.close();
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, "Message too big."))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        log.debug("WebSocket of {} failed: {}", principal.user(), cause.toString());
        ctx.close();
    }
}
