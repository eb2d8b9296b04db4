package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A server that speaks the chat protocol but puts terminal control sequences into everything it sends —
 * names, texts, topics, errors — as a compromised or foreign server could. The real server refuses control
 * characters, so only a server like this can show that the client never passes them to the terminal.
 */
public final class HostileServer implements AutoCloseable {

    /** Clears the screen, sets the window title, rings the bell, and an 8-bit CSI (U+009B) that sets red. */
    public static final String PAYLOAD = "\u001b[2J\u001b]0;pwned\u0007\u009b31m";

    public static final String USER = "mallory\u001b[5m";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    public HostileServer() throws InterruptedException {
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(65536),
                                        new WebSocketServerProtocolHandler("/ws"),
                                        new Handler());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    public String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    static ObjectNode message(long id, String text) {
        return JSON.createObjectNode()
                .put("room", "general")
                .put("id", id)
                .put("user", USER)
                .put("text", text)
                .put("ts", "2025-05-01T10:15:30.123Z")
                .put("clientId", "m-" + id);
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpRequest request) {
                http(ctx, request);
            } else if (msg instanceof TextWebSocketFrame frame) {
                frame(ctx, JSON.readTree(frame.text()));
            }
        }

        private void http(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = request.uri().replaceAll("\\?.*", "");
            ObjectNode body = JSON.createObjectNode();
            switch (path) {
                case "/api/login" ->
                    body.put("username", "ana")
                            .put("guest", false)
                            .put("admin", false)
                            .put("token", "t0k3n");
                case "/api/me" ->
                    body.put("username", "ana").put("guest", false).put("admin", false);
                case "/api/session" -> body.put("signedIn", true).put("username", "ana");
                case "/api/rooms" ->
                    body.putArray("rooms")
                            .addObject()
                            .put("name", "general")
                            .put("topic", "topic " + PAYLOAD)
                            .put("online", 1);
                case "/api/rooms/general/messages" -> {
                    body.put("room", "general").putArray("messages").add(message(1, "history " + PAYLOAD));
                    body.put("more", false);
                }
                default -> body.putObject("error").put("code", "not_found").put("message", "No " + PAYLOAD);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    body.has("error") ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body.toString(), StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }

        private void frame(ChannelHandlerContext ctx, JsonNode frame) {
            switch (frame.path("type").asText()) {
                case "history" -> {
                    ObjectNode history =
                            JSON.createObjectNode().put("type", "history").put("room", "general");
                    ArrayNode messages = history.putArray("messages");
                    messages.add(message(1, "history " + PAYLOAD));
                    history.put("more", false);
                    send(ctx, history);
                }
                case "join" -> {
                    ObjectNode joined = JSON.createObjectNode()
                            .put("type", "joined")
                            .put("room", "general")
                            .put("recovered", 0);
                    joined.putArray("online").add("ana").add(USER);
                    send(ctx, joined);
                    send(
                            ctx,
                            JSON.createObjectNode()
                                    .put("type", "typing")
                                    .put("room", "general")
                                    .put("user", USER));
                    send(
                            ctx,
                            JSON.createObjectNode()
                                    .put("type", "error")
                                    .put("code", "internal")
                                    .put("message", "oops " + PAYLOAD));
                    send(ctx, message(2, "live " + PAYLOAD).put("type", "message"));
                }
                case "send" ->
                    send(
                            ctx,
                            JSON.createObjectNode()
                                    .put("type", "ack")
                                    .put("room", "general")
                                    .put("clientId", frame.path("clientId").asText())
                                    .put("id", 3)
                                    .put("ts", "2025-05-01T10:16:00Z"));
                default -> {}
            }
        }

        private static void send(ChannelHandlerContext ctx, JsonNode frame) {
            ctx.writeAndFlush(new TextWebSocketFrame(frame.toString()));
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
