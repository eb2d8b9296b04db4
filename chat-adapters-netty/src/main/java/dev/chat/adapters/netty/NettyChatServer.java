package dev.chat.adapters.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's HTTP + WebSocket server: binds, serves, and shuts down gracefully — stop accepting, let
 * in-flight requests finish, close every socket with 1001, all within the configured grace period.
 */
public final class NettyChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NettyChatServer.class);
    /** Sign-ins that may wait for a hashing thread; past that they are told to try again in a moment. */
    static final int AUTH_QUEUE_PER_THREAD = 32;

    private final ChatApi api;
    private final ServerSettings settings;
    private final ServerTelemetry telemetry;
    private final ChannelGroup all = new DefaultChannelGroup("chat-all", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup sockets = new DefaultChannelGroup("chat-sockets", GlobalEventExecutor.INSTANCE);
    private final ThreadPoolExecutor worker;
    /** Password hashing, apart from the workers: a flood of sign-ins waits here, not in front of messages. */
    private final ThreadPoolExecutor auth;

    private EventLoopGroup boss;
    private EventLoopGroup loops;
    private Channel serverChannel;
    /** Guards start and stop; private, so that nobody else can hold it. */
    private final Object lifecycle = new Object();

    private boolean stopped;

    public NettyChatServer(ChatApi api, ServerSettings settings) {
        this(api, settings, ServerTelemetry.NONE);
    }

    /** A server that reports its connections and frames to {@code telemetry}. */
    public NettyChatServer(ChatApi api, ServerSettings settings, ServerTelemetry telemetry) {
        this.api = api;
        this.settings = settings;
        this.telemetry = telemetry;
        AtomicInteger n = new AtomicInteger();
        this.worker = new ThreadPoolExecutor(
                settings.workerThreads(),
                settings.workerThreads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "chat-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        AtomicInteger a = new AtomicInteger();
        this.auth = new ThreadPoolExecutor(
                settings.authThreads(),
                settings.authThreads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE_PER_THREAD * settings.authThreads()),
                r -> {
                    Thread t = new Thread(r, "chat-auth-" + a.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Binds the port and starts serving; returns once the server accepts connections. */
    public NettyChatServer start() throws InterruptedException {
        synchronized (lifecycle) {
            bind();
        }
        return this;
    }

    /**
     * Linux's epoll through Netty's native transport where it loads (x86-64, ARM64): a write is one {@code write}
     * or {@code writev} call on the socket, without the JDK selector's locks and bookkeeping around it. Java's
     * NIO everywhere else, or when {@code -Dchat.transport=nio} asks for it.
     */
    static boolean epoll() {
        return !"nio".equals(System.getProperty("chat.transport")) && Epoll.isAvailable();
    }

    private void bind() throws InterruptedException {
        boolean epoll = epoll();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        loops = new MultiThreadIoEventLoopGroup(io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, loops)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(64 * 1024, Math.max(128 * 1024, settings.outboundLimitBytes() / 4)))
                .childHandler(new ChatChannelInitializer(
                        HttpServices.of(
                                api, settings, worker, auth, ChatChannelInitializer.class.getClassLoader(), telemetry),
                        all,
                        sockets));
        serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
    }

    /** The WebSocket connections open now. */
    public int openSockets() {
        return sockets.size();
    }

    /**
     * The bytes waiting to be written to every WebSocket client (handed to a connection's writer or in its channel's
     * buffer): what slow readers hold. Walks every connection: for a scrape, not for a hot path.
     */
    public long queuedBytes() {
        long total = 0;
        for (Channel ch : sockets) {
            total += SlowReader.pending(ch);
        }
        return total;
    }

    /** The bound address and port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops within the grace period: no new connections, in-flight work finished, sockets closed with 1001. */
    public void stop() {
        synchronized (lifecycle) {
            if (stopped || serverChannel == null) {
                return;
            }
            stopped = true;
            shutDown();
        }
    }

    private void shutDown() {
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        serverChannel.close().awaitUninterruptibly();
        worker.shutdown();
        auth.shutdown();
        awaitWorker(deadline);
        for (Channel ch : sockets) {
            ch.attr(FrameWriter.CLOSE_CODE).setIfAbsent(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code());
        }
        sockets.writeAndFlush(
                new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "The server is restarting."));
        sockets.newCloseFuture().awaitUninterruptibly(Math.max(0, remainingMillis(deadline)));
        all.close().awaitUninterruptibly(Math.max(0, remainingMillis(deadline)));
        worker.shutdownNow();
        auth.shutdownNow();
        long left = Math.max(0, remainingMillis(deadline));
        loops.shutdownGracefully(0, left, TimeUnit.MILLISECONDS).awaitUninterruptibly(left + 100);
        boss.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(1_000);
        log.info("Server stopped");
    }

    private void awaitWorker(long deadline) {
        try {
            long half = remainingMillis(deadline) / 2;
            if (!worker.awaitTermination(Math.max(0, half), TimeUnit.MILLISECONDS)) {
                log.warn("Shutting down with requests still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
    }

    @Override
    public void close() {
        stop();
    }
}
