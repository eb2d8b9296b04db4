package dev.chat.cli.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/** The run's WebSocket connections on a few Netty event loops, and the per-loop counters they keep. */
final class BenchClients implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final EventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<BenchConnection> connections = new ArrayList<>();

    /** One server: where to connect and how. */
    private record Endpoint(URI ws, InetSocketAddress address, SslContext ssl) {}

    BenchClients(int threads, int rooms, List<URI> servers) throws BenchException {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        for (EventExecutor loop : group) {
            stats.put(loop, new LoopStats(rooms));
            loops.add((EventLoop) loop);
        }
        for (URI server : servers) {
            endpoints.add(endpoint(server));
        }
    }

    private static Endpoint endpoint(URI server) throws BenchException {
        boolean tls = "https".equalsIgnoreCase(server.getScheme());
        if (!tls && !"http".equalsIgnoreCase(server.getScheme())) {
            throw new BenchException("a server URL starts with http:// or https://: " + server);
        }
        int port = server.getPort() > 0 ? server.getPort() : tls ? 443 : 80;
        URI ws = URI.create((tls ? "wss://" : "ws://") + server.getHost() + ":" + port + "/ws");
        SslContext ssl = null;
        if (tls) {
            try {
                ssl = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new BenchException("cannot set up TLS: " + e.getMessage());
            }
        }
        return new Endpoint(ws, new InetSocketAddress(server.getHost(), port), ssl);
    }

    /**
     * Opens every client, at most {@code concurrency} handshakes at a time, and waits until each has joined
     * its room; the first failure stops the opening and is thrown.
     */
    void connectAll(
            BenchPlan plan,
            List<String> roomNames,
            String[] tokens,
            BenchConnection.Load load,
            int concurrency,
            long timeoutMillis)
            throws BenchException, InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(plan.clients());
        AtomicReference<String> failure = new AtomicReference<>();
        for (int i = 0; i < plan.clients(); i++) {
            permits.acquire();
            if (failure.get() != null) {
                break;
            }
            int room = plan.roomOf(i);
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            BenchConnection.Ready ready = why -> {
                if (why != null) {
                    failure.compareAndSet(null, why + " (" + endpoint.ws() + ")");
                }
                permits.release();
                done.countDown();
            };
            String token = tokens[plan.userOf(i)];
            EventLoop loop = loopFor(plan.senderOf(i) >= 0, i);
            BenchConnection connection =
                    new BenchConnection(roomNames.get(room), room, plan.senderOf(i), load, stats.get(loop), ready);
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (endpoint.ssl() != null) {
                                ch.pipeline()
                                        .addLast(endpoint.ssl()
                                                .newHandler(
                                                        ch.alloc(),
                                                        endpoint.ws().getHost(),
                                                        endpoint.ws().getPort()));
                            }
                            ch.pipeline()
                                    .addLast(
                                            new HttpClientCodec(),
                                            new HttpObjectAggregator(8192),
                                            new WebSocketClientProtocolHandler(handshake(endpoint.ws(), token)),
                                            connection);
                            ch.eventLoop().schedule(connection::timeOut, timeoutMillis, TimeUnit.MILLISECONDS);
                        }
                    });
            ChannelFuture connect = bootstrap.connect(endpoint.address());
            channels.add(connect.channel());
            connections.add(connection);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    connection.connectFailed("cannot connect: " + f.cause().getMessage());
                }
            });
        }
        if (failure.get() == null) {
            done.await();
        }
        if (failure.get() != null) {
            throw new BenchException(failure.get());
        }
    }

    /**
     * With two or more loops the senders get the first to themselves, so that their sends go out on time
     * however busy the readers' loops are; the readers share the others.
     */
    private EventLoop loopFor(boolean sender, int client) {
        if (loops.size() == 1) {
            return loops.get(0);
        }
        return sender ? loops.get(0) : loops.get(1 + client % (loops.size() - 1));
    }

    private static WebSocketClientProtocolConfig handshake(URI ws, String token) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(ws)
                .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .allowExtensions(false)
                .generateOriginHeader(false)
                .withUTF8Validator(false)
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(CONNECT_TIMEOUT_MS)
                .build();
    }

    /** Tells every loop the measured window, then starts every sender on its own loop. */
    void start(Timeline timeline) throws InterruptedException {
        onEachLoop(s -> {
            s.windowStart = timeline.windowStart();
            s.windowEnd = timeline.windowEnd();
        });
        for (int i = 0; i < connections.size(); i++) {
            BenchConnection connection = connections.get(i);
            channels.get(i).eventLoop().execute(() -> connection.start(timeline));
        }
    }

    /** The sum of every loop's counters, each copied on its own loop. */
    LoopStats snapshot(int rooms) throws InterruptedException {
        LoopStats total = new LoopStats(rooms);
        List<Future<LoopStats>> copies = new ArrayList<>();
        for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
            LoopStats s = e.getValue();
            copies.add(e.getKey().submit(s::copy));
        }
        for (Future<LoopStats> copy : copies) {
            copy.await();
            total.add(copy.getNow());
        }
        return total;
    }

    private void onEachLoop(java.util.function.Consumer<LoopStats> action) throws InterruptedException {
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
            done.add(e.getKey().submit(() -> action.accept(e.getValue())));
        }
        for (Future<?> f : done) {
            f.await();
        }
    }

    /** Closes every connection the way a leaving client does, then the event loops; keeps an interrupt. */
    @Override
    public void close() {
        try {
            closeAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    private void closeAll() throws InterruptedException {
        onEachLoop(s -> s.closing = true);
        for (Channel channel : channels) {
            if (channel.isActive()) {
                // A close frame, as a client that leaves on purpose sends; the server answers and hangs up.
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Channel channel : channels) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().await(left, TimeUnit.NANOSECONDS)) {
                channel.close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
