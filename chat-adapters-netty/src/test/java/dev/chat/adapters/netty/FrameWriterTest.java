package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
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

/**
 * On a real event loop (a local channel pair): order, one flush per burst, close after the frames before it, and
 * finished frames written past the writing end's handlers.
 */
class FrameWriterTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** The writing end's flushes that reached its transport. */
    private final AtomicInteger flushes = new AtomicInteger();
    /** Frames that went through the writing end's outbound handler. */
    private final AtomicInteger handled = new AtomicInteger();

    private Channel server;
    private Channel client;

    @BeforeEach
    void connect() throws Exception {
        LocalAddress address = new LocalAddress("frame-writer-" + System.nanoTime());
        server = new ServerBootstrap()
                .group(loops)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    /** What came as bytes: finished frames, which the local transport may hand over joined. */
                    private final ByteBuf bytes = Unpooled.buffer();

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof ByteBuf frames) {
                            bytes.writeBytes(frames);
                            // Short text frames only: two bytes of header, the second the payload's length.
                            while (bytes.readableBytes() >= 2 && bytes.readableBytes() >= 2 + bytes.getByte(1)) {
                                bytes.skipBytes(1);
                                received.add(bytes.readCharSequence(bytes.readByte(), StandardCharsets.UTF_8)
                                        .toString());
                            }
                        } else {
                            received.add(msg.getClass().getSimpleName());
                        }
                        ReferenceCountUtil.release(msg);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        client = new Bootstrap()
                .group(loops)
                .channelFactory(() -> new LocalChannel() {
                    @Override
                    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
                        flushes.incrementAndGet();
                        super.doWrite(in);
                    }
                })
                .handler(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        handled.incrementAndGet();
                        ctx.write(msg, promise);
                    }
                })
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

    /** A finished text frame, as the server's handler makes them. */
    private static ByteBuf frame(String text) {
        return SharedFrames.textFrame(text, ByteBufAllocator.DEFAULT);
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
        FrameWriter.write(client, frame("one"));
        FrameWriter.write(client, frame("two"));
        FrameWriter.write(client, frame("three"));
        int flushesBefore = flushes.get();
        hold.countDown();

        assertThat(next(3)).containsExactly("one", "two", "three");
        assertThat(flushes.get() - flushesBefore).as("one flush for the burst").isEqualTo(1);
        assertThat(handled.get())
                .as("finished frames go to the socket past the writing end's handlers")
                .isZero();

        // From the loop itself, as the handler closes a flooding connection: the close still waits its turn, and
        // goes through the handlers (the WebSocket protocol handler notes that it was sent).
        client.eventLoop().execute(() -> {
            FrameWriter.write(client, frame("last"));
            FrameWriter.writeAndClose(client, new CloseWebSocketFrame(1001, "bye"));
        });
        assertThat(next(2)).containsExactly("last", "CloseWebSocketFrame");
        assertThat(handled.get())
                .as("the close frame went through the handlers")
                .isEqualTo(1);
        assertThat(client.closeFuture().await(5, TimeUnit.SECONDS))
                .as("closed after the close frame")
                .isTrue();
    }

    @Test
    void nothing_is_written_after_a_close_frame_even_while_the_connection_is_still_open() throws Exception {
        ByteBuf after = frame("after");
        CountDownLatch drained = new CountDownLatch(1);
        client.eventLoop().execute(() -> {
            // As the handler does when it writes a close frame itself, on the loop.
            FrameWriter.closeWritten(client);
            FrameWriter.write(client, after);
            client.eventLoop().execute(drained::countDown);
        });
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(client.isActive()).isTrue();
        assertThat(after.refCnt()).isZero();
        assertThat(received).isEmpty();
    }

    @Test
    void a_clients_close_is_answered_after_the_frames_before_it_without_a_close_code_of_the_servers() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        client.eventLoop().execute(() -> awaitQuietly(hold));
        FrameWriter.write(client, frame("before"));
        FrameWriter.answerClose(client, new CloseWebSocketFrame(1000, "bye"));
        ByteBuf after = frame("after");
        FrameWriter.write(client, after);
        hold.countDown();

        assertThat(next(2)).containsExactly("before", "CloseWebSocketFrame");
        assertThat(client.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(after.refCnt()).isZero();
        assertThat(FrameWriter.closeCode(client))
                .as("the client closed, not the server")
                .isZero();
    }

    @Test
    void a_frame_for_a_closed_connection_is_released_not_written() throws Exception {
        client.close().sync();
        ByteBuf frame = frame("late");
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
