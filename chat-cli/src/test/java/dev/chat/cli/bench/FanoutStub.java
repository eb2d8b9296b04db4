package dev.chat.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in chat server that costs as little as possible per delivery, to measure the bench's own
 * receive cost: it accepts any sign-in, keeps rooms in memory, stores nothing, and fans each {@code send}
 * out as one pre-encoded WebSocket frame of exactly the real server's shape (field order, JSON escaping),
 * shared by every reader and flushed once per event-loop round. One thread, loopback only.
 */
final class FanoutStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Unsent bytes after which a reader is cut off, as the real server cuts off slow readers (at 4 MiB); lower,
     * so that 1,000 readers falling behind cannot fill the stub's heap with queued frames.
     */
    private static final int SLOW_READER = 256 << 10;

    private static final JsonFactory FACTORY = JSON.getFactory();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final Map<String, Room> rooms = new HashMap<>();
    private final Set<Channel> dirty = new LinkedHashSet<>();
    private final AtomicLong tokens = new AtomicLong();
    private final long flushMillis;
    private boolean flushScheduled;

    private static final class Room {
        final List<Channel> members = new ArrayList<>();
        long lastId;
    }

    FanoutStub(int port) throws InterruptedException {
        this(port, 0);
    }

    /**
     * With {@code flushMillis} 0, what was written in one event-loop round is flushed at its end, as a
     * server under light load would; with more, every so many milliseconds, so that each socket write
     * carries several frames, as under heavy load.
     */
    FanoutStub(int port, long flushMillis) throws InterruptedException {
        this.flushMillis = flushMillis;
        this.flushScheduled = flushMillis > 0;
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(SLOW_READER / 2, SLOW_READER))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(65536),
                                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                                .websocketPath("/ws")
                                                .checkStartsWith(false)
                                                .build()),
                                        new Http(),
                                        new Frames());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        if (flushMillis > 0) {
            group.next().scheduleAtFixedRate(this::flushAll, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Runs the stub until the process is stopped: {@code FanoutStub [port [flushMillis]]}; prints the port it
     * listens on.
     */
    public static void main(String[] args) throws InterruptedException {
        FanoutStub stub = new FanoutStub(
                args.length > 0 ? Integer.parseInt(args[0]) : 0, args.length > 1 ? Long.parseLong(args[1]) : 0);
        System.out.println("listening on " + stub.port());
        System.out.flush();
        stub.server.closeFuture().sync();
    }

    private final class Http extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
            String path = request.uri();
            boolean post = request.method().equals(HttpMethod.POST);
            JsonNode body = request.content().isReadable()
                    ? JSON.readTree(request.content().toString(StandardCharsets.UTF_8))
                    : JSON.createObjectNode();
            if (post && path.equals("/api/register")) {
                reply(
                        ctx,
                        request,
                        HttpResponseStatus.CREATED,
                        Map.of("username", body.path("username").asText()));
            } else if (post && (path.equals("/api/login") || path.equals("/api/guest"))) {
                String user = path.equals("/api/guest")
                        ? "guest-" + tokens.get()
                        : body.path("username").asText();
                reply(
                        ctx,
                        request,
                        HttpResponseStatus.OK,
                        Map.of(
                                "username",
                                user,
                                "guest",
                                path.equals("/api/guest"),
                                "admin",
                                false,
                                "token",
                                "stub-" + tokens.incrementAndGet()));
            } else if (post && path.equals("/api/rooms")) {
                reply(
                        ctx,
                        request,
                        HttpResponseStatus.CREATED,
                        Map.of("name", body.path("name").asText(), "topic", "", "online", 0));
            } else if (post && path.equals("/api/logout")) {
                reply(ctx, request, HttpResponseStatus.NO_CONTENT, null);
            } else {
                reply(
                        ctx,
                        request,
                        HttpResponseStatus.NOT_FOUND,
                        Map.of("error", Map.of("code", "not_found", "message", "No such API endpoint.")));
            }
        }

        private void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body)
                throws IOException {
            ByteBuf content =
                    body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            HttpUtil.setContentLength(response, content.readableBytes());
            HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
            ctx.writeAndFlush(response);
        }
    }

    private final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws IOException {
            JsonNode f = JSON.readTree(frame.text());
            String type = f.path("type").asText();
            String roomName = f.path("room").asText();
            if (type.equals("join")) {
                rooms.computeIfAbsent(roomName, r -> new Room()).members.add(ctx.channel());
                ctx.channel()
                        .closeFuture()
                        .addListener(x -> rooms.get(roomName).members.remove(ctx.channel()));
                ctx.writeAndFlush(new TextWebSocketFrame(
                        "{\"type\":\"joined\",\"room\":\"" + roomName + "\",\"online\":[],\"recovered\":0}"));
            } else if (type.equals("send")) {
                Room room = rooms.get(roomName);
                long id = ++room.lastId;
                String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
                String clientId = f.path("clientId").asText();
                ByteBuf message = frameOf(g -> {
                    g.writeStringField("type", "message");
                    g.writeStringField("room", roomName);
                    g.writeNumberField("id", id);
                    g.writeStringField("user", "stub");
                    g.writeStringField("text", f.path("text").asText());
                    g.writeStringField("ts", ts);
                    g.writeStringField("clientId", clientId);
                });
                ctx.write(frameOf(g -> {
                    g.writeStringField("type", "ack");
                    g.writeStringField("clientId", clientId);
                    g.writeStringField("room", roomName);
                    g.writeNumberField("id", id);
                    g.writeStringField("ts", ts);
                }));
                dirty.add(ctx.channel());
                for (Channel member : room.members) {
                    if (member.isWritable()) {
                        member.write(message.retainedDuplicate());
                        dirty.add(member);
                    } else {
                        member.close();
                    }
                }
                message.release();
                if (!flushScheduled) {
                    flushScheduled = true;
                    ctx.executor().execute(FanoutStub.this::flushAll);
                }
            }
        }
    }

    private void flushAll() {
        flushScheduled = flushMillis > 0;
        for (Channel channel : dirty) {
            channel.flush();
        }
        dirty.clear();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One unmasked text frame (header and JSON payload) in a buffer that can be written to many channels. */
    private static ByteBuf frameOf(Fields fields) throws IOException {
        ByteBuf payload = Unpooled.buffer(256);
        try (JsonGenerator g = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(payload))) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        int length = payload.readableBytes();
        // Pooled, so that the duplicate written to each reader is a recycled object, not a new one.
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(length + 4);
        frame.writeByte(0x81);
        if (length < 126) {
            frame.writeByte(length);
        } else {
            frame.writeByte(126);
            frame.writeShort(length);
        }
        frame.writeBytes(payload);
        payload.release();
        return frame;
    }
}
