package dev.chat.adapters.netty;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A room of 100 WebSocket connections, each an {@link EmbeddedChannel} upgraded by a real handshake, so its
 * pipeline is the server's after an upgrade (idle, keep-alive, WebSocket decoder and encoder, protocol
 * handler, aggregator, {@link ChatSocketHandler}), joined through the core with its in-memory adapters.
 * Measured per delivery: one shared frame written to all of them, and a client's {@code send} through the
 * whole server path. What an embedded channel leaves out is the socket: no syscall, no event-loop wake-up,
 * no hand-off between threads (the worker pool is the calling thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RoomWriteBenchmark {

    static final int MEMBERS = 100;
    private static final ServerSettings SETTINGS = ServerSettings.defaults();

    private ChatCore core;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<ChatSocketHandler> handlers = new ArrayList<>();
    private long nextId;
    private long seq;
    private long expectedFrames;
    private long frames;

    /** Afresh each iteration: the in-memory store keeps every message sent. */
    @Setup(Level.Iteration)
    public void connect() {
        core = ChatCore.inMemory()
                .settings(ChatSettings.defaults()
                        .withRateLimitPer10s(0)
                        .withGuestsAllowed(true)
                        .withDefaultRooms(List.of(new RoomName(FramesBenchmark.ROOM))))
                .nodeName("jmh")
                .build();
        ChatApi api = CoreApi.of(core);
        ChannelGroup sockets = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
        for (int i = 0; i < MEMBERS; i++) {
            Principal guest = new Principal(new Username(String.format("guest-%06d", i)), true, false, "session-" + i);
            ChatSocketHandler handler = new ChatSocketHandler(
                    api,
                    core.live().admit(guest, ClientAddress.UNKNOWN),
                    Runnable::run,
                    SETTINGS.outboundLimitBytes(),
                    sockets,
                    new AtomicLong(),
                    ServerTelemetry.NONE);
            EmbeddedChannel channel = upgraded(handler);
            channel.writeInbound(
                    new TextWebSocketFrame("{\"type\":\"join\",\"room\":\"" + FramesBenchmark.ROOM + "\"}"));
            channels.add(channel);
            handlers.add(handler);
        }
        drain();
        if (channels.get(0).pipeline().get(WebSocket08FrameEncoder.class) == null
                || channels.get(0).pipeline().get(HttpServerCodec.class) != null) {
            throw new IllegalStateException(
                    "not upgraded: " + channels.get(0).pipeline().names());
        }
        nextId = 1_000_000;
        frames = 0;
        expectedFrames = 0;
    }

    /** The pipeline ChatChannelInitializer builds, then the upgrade request it hands to the WebSocket handler. */
    private static EmbeddedChannel upgraded(ChatSocketHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelPipeline p = channel.pipeline();
        p.addLast("idle", new IdleStateHandler(SETTINGS.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("keepalive", new KeepAliveHandler());
        p.addLast("http-codec", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("http-aggregator", new JsonHttpObjectAggregator(SETTINGS.maxBodyBytes()));
        p.addLast(
                "ws-protocol",
                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath("/ws")
                        .checkStartsWith(true)
                        .maxFramePayloadLength(SETTINGS.maxFrameBytes())
                        .allowExtensions(false)
                        .handleCloseFrames(true)
                        .dropPongFrames(true)
                        .handshakeTimeoutMillis(10_000)
                        .forceCloseTimeoutMillis(2_000)
                        .build()));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(SETTINGS.maxFrameBytes()));
        p.addLast(ChatChannelInitializer.SOCKET, handler);
        FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        upgrade.headers()
                .set(HttpHeaderNames.HOST, "127.0.0.1")
                .set(HttpHeaderNames.UPGRADE, "websocket")
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        channel.writeInbound(upgrade);
        registerWithFrameWriter(channel);
        return channel;
    }

    /**
     * An embedded loop has no termination future: FrameWriter's first write to a loop registers the loop's
     * queue, then fails asking for it (the servers' loops have one). One throwaway write here takes that.
     */
    private static void registerWithFrameWriter(EmbeddedChannel channel) {
        ByteBuf probe = SharedFrames.textFrame("probe", channel.alloc());
        try {
            FrameWriter.write(channel, probe);
        } catch (UnsupportedOperationException expected) {
            probe.release();
            return;
        }
        throw new IllegalStateException("FrameWriter wrote to an embedded loop the first time: drop this probe");
    }

    /** Every frame must have been written, or the figure measured something else. */
    @TearDown(Level.Iteration)
    public void close() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
        channels.clear();
        handlers.clear();
        core.close();
        if (frames != expectedFrames) {
            throw new IllegalStateException("wrote " + frames + " frames, expected " + expectedFrames);
        }
    }

    /** Runs each loop's pending FrameWriter task (write and flush), then takes the bytes off as a socket would. */
    private int drain() {
        int bytes = 0;
        for (EmbeddedChannel channel : channels) {
            channel.runPendingTasks();
            Object out;
            while ((out = channel.readOutbound()) != null) {
                bytes += ((ByteBuf) out).readableBytes();
                frames++;
                ReferenceCountUtil.release(out);
            }
        }
        return bytes;
    }

    /**
     * What each member's ChatSocketHandler does with a message the hub hands it: the frame shared by the room
     * (encoded once, by the first), FrameWriter's queue, the pipeline's WebSocket encoder, one flush each.
     */
    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public int writeMessageToRoomOf100() {
        LiveEvent event = new LiveEvent.Delivered(FramesBenchmark.message(++nextId));
        for (ChatSocketHandler handler : handlers) {
            handler.onEvent(event);
        }
        expectedFrames += MEMBERS;
        return drain();
    }

    /**
     * A client's {@code send} frame read by the first member's pipeline, run (on this thread) by the core:
     * stored, fanned out to the room, written to all 100 members, and acked to the sender.
     */
    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public int sendThroughServerToRoomOf100() {
        channels.get(0).writeInbound(new TextWebSocketFrame(FramesBenchmark.sendFrame("k3x9q2.0." + seq++)));
        expectedFrames += MEMBERS + 1;
        return drain();
    }
}
