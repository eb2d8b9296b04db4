package dev.chat.adapters.netty;

import dev.chat.core.port.in.Live;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline, stage by stage: idle detection, the request deadline, HTTP codec and body limit, the HTTP
 * handler; after an authenticated upgrade, the WebSocket protocol (ping/pong/close, 1009 on oversize) and the
 * chat handler.
 */
final class ChatChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String SOCKET = "chat-socket";
    private static final String HTTP = "http-handler";
    /** From a request's first byte to its last; a WebSocket's frames are not requests and have no deadline. */
    static final long REQUEST_DEADLINE_MILLIS = 10_000;

    private final HttpServices services;
    private final HttpRouter router;
    private final WebSocketUpgrade upgrade;
    private final ServerSettings settings;
    private final ChannelGroup all;
    private final ChannelGroup sockets;
    /** The characters every WebSocket's waiting frames hold together. */
    private final AtomicLong allQueued = new AtomicLong();

    ChatChannelInitializer(HttpServices services, ChannelGroup all, ChannelGroup sockets) {
        this.services = services;
        this.router = HttpRouter.of(services);
        this.upgrade = new WebSocketUpgrade(services, this::installSocket);
        this.settings = services.settings();
        this.all = all;
        this.sockets = sockets;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        all.add(ch);
        long ping = settings.pingInterval().toMillis();
        ChannelPipeline p = ch.pipeline();
        p.addLast("log-context", LogContext.Handler.INSTANCE);
        p.addLast("idle", new IdleStateHandler(ping, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("keepalive", new KeepAliveHandler());
        p.addLast("request-deadline", RequestDeadline.start(REQUEST_DEADLINE_MILLIS));
        p.addLast("http-codec", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("http-aggregator", new JsonHttpObjectAggregator(settings.maxBodyBytes()));
        p.addLast("request-complete", RequestDeadline.end());
        p.addLast(HTTP, new HttpRequestHandler(services, router, upgrade));
    }

    private void installSocket(ChannelHandlerContext ctx, FullHttpRequest upgrade, Live.Admission admission) {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .maxFramePayloadLength(settings.maxFrameBytes())
                .allowExtensions(false)
                // A client's close frame is answered by ChatSocketHandler, through FrameWriter, which alone
                // knows what is still on its way to the client and must not follow the answer.
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(10_000)
                .forceCloseTimeoutMillis(2_000)
                .build();
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(HTTP, "ws-protocol", new WebSocketServerProtocolHandler(config));
        p.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(settings.maxFrameBytes()));
        p.addAfter(
                "ws-aggregator",
                SOCKET,
                new ChatSocketHandler(
                        services.api(),
                        admission,
                        services.worker(),
                        settings.outboundLimitBytes(),
                        sockets,
                        allQueued,
                        services.telemetry()));
        ctx.fireChannelRead(upgrade);
        p.remove(HTTP);
        p.remove("request-deadline");
        p.remove("request-complete");
    }
}
