package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a real event loop (a local channel pair): order, one flush per burst, close after the frames before it. */
class FrameWriterTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Flushes flushes = new Flushes();
    private Channel server;
    private Channel client;

    /** Counts the flushes that leave the writing end. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count.incrementAndGet();
            ctx.flush();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        LocalAddress address = new LocalAddress("frame-writer-" + System.nanoTime());
        server = new ServerBootstrap()
                .group(loops)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        received.add(
                                msg instanceof TextWebSocketFrame text
                                        ? text.text()
                                        : msg.getClass().getSimpleName());
                        ReferenceCountUtil.release(msg);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        client = new Bootstrap()
                .group(loops)
                .channel(LocalChannel.class)
                .handler(flushes)
                .connect(address)
                .sync()
                .channel();
    }

    @AfterEach
    void close() throws Exception {
        client.close().sync();
        server.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private List<String> next(int count) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String frame = received.poll(5, TimeUnit.SECONDS);
            assertThat(frame).as("frame %d of %d", i + 1, count).isNotNull();
            out.add(frame);
        }
        return out;
    }

    @Test
    void frames_handed_over_at_once_arrive_in_order_with_one_flush_and_a_close_after_them() throws Exception {
        // Held on the loop, so that the three writes are one burst.
        CountDownLatch hold = new CountDownLatch(1);
        client.eventLoop().execute(() -> awaitQuietly(hold));
        FrameWriter.write(client, new TextWebSocketFrame("one"));
        FrameWriter.write(client, new TextWebSocketFrame("two"));
        FrameWriter.write(client, new TextWebSocketFrame("three"));
        int flushesBefore = flushes.count.get();
        hold.countDown();

        assertThat(next(3)).containsExactly("one", "two", "three");
        assertThat(flushes.count.get() - flushesBefore)
                .as("one flush for the burst")
                .isEqualTo(1);

        // From the loop itself, as the handler closes a flooding connection: the close still waits its turn.
        client.eventLoop().execute(() -> {
            FrameWriter.write(client, new TextWebSocketFrame("last"));
            FrameWriter.writeAndClose(client, new CloseWebSocketFrame(1001, "bye"));
        });
        assertThat(next(2)).containsExactly("last", "CloseWebSocketFrame");
        assertThat(client.closeFuture().await(5, TimeUnit.SECONDS))
                .as("closed after the close frame")
                .isTrue();
    }

    @Test
    void a_frame_for_a_closed_connection_is_released_not_written() throws Exception {
        client.close().sync();
        TextWebSocketFrame frame = new TextWebSocketFrame("late");
        FrameWriter.write(client, frame);
        CountDownLatch drained = new CountDownLatch(1);
        client.eventLoop().execute(drained::countDown);
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(frame.refCnt()).isZero();
        assertThat(received).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
