package dev.chat.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * WebSockets over Netty, one event-loop thread for all of a client's sockets. Netty tells every end of a
 * connection, a close frame or a bare end of stream alike; each socket reports it once, with what came before it
 * in order, on the client's own executor: nothing but Netty's own work runs on the event loop.
 */
final class WebSocketTransport implements AutoCloseable {

    /** Frames up to this size (a full history page of long messages is a few MB). */
    private static final int MAX_FRAME = 16 << 20;

    static final int NO_STATUS = 1005;
    static final int ABNORMAL = 1006;

    /** What a socket reports, on the client's executor, in order; nothing after {@link #closed} or {@link #failed}. */
    interface Events {
        void opened(Socket socket);

        void received(Socket socket, String text);

        /** The open socket ended: the close code the server sent, or {@link #ABNORMAL} for a bare end of stream. */
        void closed(Socket socket, int code);

        /** The socket never opened: the TCP connection, TLS or the handshake failed. */
        void failed(Socket socket, Throwable error);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("chat-client-io", true), NioIoHandler.newFactory());
    private final Executor executor;
    private SslContext ssl;

    WebSocketTransport(Executor executor) {
        this.executor = executor;
    }

    /** Starts opening a socket; its outcome is reported to {@code events}. */
    Socket open(URI uri, String token, int connectTimeoutMs, Events events) {
        Socket socket = new Socket(events);
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        SslContext context;
        try {
            context = tls ? ssl() : null;
        } catch (SSLException e) {
            socket.fail(e);
            return socket;
        }
        WebSocketClientProtocolConfig handshake = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .allowExtensions(false)
                .generateOriginHeader(false)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(connectTimeoutMs)
                // Close frames come to the socket, which reads their code (4401 signed out, 4403 banned).
                .handleCloseFrames(false)
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (context != null) {
                            ch.pipeline().addLast(context.newHandler(ch.alloc(), uri.getHost(), port));
                        }
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(65536),
                                        new WebSocketClientProtocolHandler(handshake),
                                        new WebSocketFrameAggregator(MAX_FRAME),
                                        socket.handler);
                    }
                });
        bootstrap.connect(uri.getHost(), port).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                socket.channel = f.channel();
            } else {
                socket.fail(f.cause());
            }
        });
        return socket;
    }

    private synchronized SslContext ssl() throws SSLException {
        if (ssl == null) {
            ssl = SslContextBuilder.forClient().build();
        }
        return ssl;
    }

    /** Stops the event loop; sockets still open end without a close frame. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** One WebSocket. Its handler runs on the event loop and only hands what happens to the client's executor. */
    final class Socket {
        private final Events events;
        private final Handler handler = new Handler();
        private volatile Channel channel;
        private volatile boolean closing;
        /** Set on the event loop only. */
        private boolean reported;

        private boolean open;
        private int closeCode = ABNORMAL;
        private Throwable error;

        private Socket(Events events) {
            this.events = events;
        }

        /** Queues a text frame; frames go out in the order they were queued. */
        void send(String text) {
            Channel c = channel;
            if (c != null) {
                c.writeAndFlush(new TextWebSocketFrame(text));
            }
        }

        /** Sends a normal close (1000) and ends the connection when the server answers, or after {@code ms}. */
        void close(long ms) {
            Channel c = channel;
            if (c == null) {
                return;
            }
            closing = true;
            c.writeAndFlush(new CloseWebSocketFrame(1000, ""));
            c.eventLoop().schedule(() -> c.close(), ms, TimeUnit.MILLISECONDS);
            c.closeFuture().awaitUninterruptibly(ms + 100);
        }

        /** Drops the connection without a close frame. */
        void abort() {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }

        private void fail(Throwable cause) {
            if (!reported) {
                reported = true;
                executor.execute(() -> events.failed(this, cause));
            }
        }

        private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {

            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                channel = ctx.channel();
                super.channelActive(ctx);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    open = true;
                    executor.execute(() -> events.opened(Socket.this));
                } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                    error = new io.netty.channel.ConnectTimeoutException("the WebSocket handshake timed out");
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                if (frame instanceof TextWebSocketFrame text) {
                    String data = text.text();
                    executor.execute(() -> events.received(Socket.this, data));
                } else if (frame instanceof CloseWebSocketFrame close) {
                    closeCode = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
                    if (closing) {
                        ctx.close();
                        return;
                    }
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (error == null) {
                    error = cause;
                }
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                if (open) {
                    if (!reported) {
                        reported = true;
                        int code = closeCode;
                        executor.execute(() -> events.closed(Socket.this, code));
                    }
                } else {
                    fail(
                            error != null
                                    ? error
                                    : new IOException("the connection closed during the WebSocket handshake"));
                }
                super.channelInactive(ctx);
            }
        }
    }
}
