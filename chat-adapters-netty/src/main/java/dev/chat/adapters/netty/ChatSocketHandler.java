package dev.chat.adapters.netty;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: decodes client frames on the event loop, runs them in order on the worker
 * pool, and writes the core's events back. Everything it holds is bounded:
 * <ul>
 *   <li>what waits to be sent: a client that stops reading is cut off once {@code outboundLimit} bytes wait
 *       for it (sooner, past {@value #UNDER_PRESSURE_BYTES}, while the node's buffer memory runs short);</li>
 *   <li>what it asks to be sent: a replay or history page starts only once less than
 *       {@value #HEAVY_WHEN_BELOW} bytes wait for the client, and only within a budget of messages read
 *       ({@link ReadBudget}), so a few small frames cannot make the server send or buffer without end;</li>
 *   <li>what waits to run: 256 frames (more is a flood: close 1008), and while the frames waiting hold more
 *       than {@value #PAUSE_READING_CHARS} characters (or all connections' more than a share of the heap)
 *       the connection is not read from until they have run.</li>
 * </ul>
 */
final class ChatSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements Live.DirectListener {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /** Frames that may wait for the worker pool per connection; more is a flood and ends the connection. */
    private static final int MAX_QUEUED_FRAMES = 256;

    static final long HEAVY_WHEN_BELOW = 256 * 1024;
    static final long UNDER_PRESSURE_BYTES = 256 * 1024;
    static final long PAUSE_READING_CHARS = 256 * 1024;
    /** Every connection's waiting frames together may hold this share of the heap before reading pauses. */
    private static final long ALL_QUEUED_CHARS = Runtime.getRuntime().maxMemory() / 2 / 8;
    /** A replay waiting for the client to read is checked again after this, doubling up to a second. */
    private static final long RECHECK_MILLIS = 20;

    private static final long RECHECK_MOST_MILLIS = 1_000;
    static final int SIGNED_OUT = 4401;
    static final int BANNED = 4403;

    private final ChatApi api;
    private final Live.Admission admission;
    private final Principal principal;
    private final Executor worker;
    private final SerialExecutor serial;
    private final ChannelGroup sockets;
    private final AtomicLong allQueued;
    private final ReadBudget budget = new ReadBudget(System::nanoTime);
    private final SlowReader reader;
    private final ServerTelemetry telemetry;
    /** Set on the event loop once this connection is being closed: frames read after that are not run. */
    private boolean closing;
    /** How many times in a row a heavy task found the client behind; touched by the connection's tasks only. */
    private int behind;

    private volatile Channel channel;
    private volatile Live.Connection connection;

    ChatSocketHandler(
            ChatApi api,
            Live.Admission admission,
            Executor worker,
            long outboundLimit,
            ChannelGroup sockets,
            AtomicLong allQueued,
            ServerTelemetry telemetry) {
        this.telemetry = telemetry;
        this.api = api;
        this.admission = admission;
        this.principal = admission.principal();
        this.worker = worker;
        this.reader = new SlowReader(outboundLimit, admission.principal().user());
        this.sockets = sockets;
        this.allQueued = allQueued;
        this.serial = new SerialExecutor(
                worker, MAX_QUEUED_FRAMES, this::heavyDelay, this::later, this::taskFailed, allQueued);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            channel = ctx.channel();
            sockets.add(channel);
            telemetry.opened();
            connection = api.live().connect(admission, this);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            onText(ctx, text.text());
        } else if (frame instanceof CloseWebSocketFrame close) {
            // Answered here rather than by the protocol handler, so that the answer goes after the frames already
            // handed over and nothing goes after it (FrameWriter).
            FrameWriter.answerClose(ctx.channel(), close.retainedDuplicate());
        } else if (frame instanceof BinaryWebSocketFrame) {
            telemetry.frameIn("binary");
            refuse("bad_request", "Binary frames are not supported; send JSON text frames.", null, null);
        }
    }

    private void onText(ChannelHandlerContext ctx, String text) {
        if (closing) {
            // The rest of a flood can still be in the read buffer: it is neither queued nor logged again.
            return;
        }
        long readAt = System.nanoTime();
        ClientCommand command;
        try {
            command = FrameDecoder.decode(text);
        } catch (ProtocolException e) {
            telemetry.frameIn("invalid");
            refuse(e.code(), e.getMessage(), e.ref(), null);
            return;
        }
        telemetry.frameIn(ClientCommand.typeOf(command));
        if (command instanceof ClientCommand.Ping) {
            send("pong", FrameEncoder.pong());
            return;
        }
        boolean heavy = command instanceof ClientCommand.History
                || (command instanceof ClientCommand.Join join && join.after() != null);
        switch (serial.offerAsync(() -> execute(command, readAt), heavy, text.length())) {
            case ACCEPTED -> pauseReadingIfFull(ctx);
            case FULL -> {
                log.info("Closing the connection of {}: too many frames waiting", principal.user());
                closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "Too many requests at once.");
            }
            case REJECTED -> closeWith(WebSocketCloseStatus.TRY_AGAIN_LATER, "The server is busy. Reconnect later.");
        }
    }

    /** Stops reading while the waiting frames hold too much; {@link #resumeReading} starts again. */
    private void pauseReadingIfFull(ChannelHandlerContext ctx) {
        if (serial.queuedChars() > PAUSE_READING_CHARS || allQueued.get() > ALL_QUEUED_CHARS) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resumeReading() {
        Channel ch = channel;
        if (ch != null
                && !ch.config().isAutoRead()
                && serial.queuedChars() <= PAUSE_READING_CHARS / 4
                && allQueued.get() <= ALL_QUEUED_CHARS * 3 / 4) {
            ch.eventLoop().execute(() -> ch.config().setAutoRead(true));
        }
    }

    /** Before a replay or a history page: wait while much is unsent, or while the read budget is spent. */
    private long heavyDelay() {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return 0;
        }
        if (SlowReader.pending(ch) >= HEAVY_WHEN_BELOW) {
            // A client that does not read at all is not asked about fifty times a second for ever.
            return Math.min(RECHECK_MOST_MILLIS, RECHECK_MILLIS << Math.min(behind++, 6));
        }
        behind = 0;
        return budget.delayMillis();
    }

    private void later(Runnable task, long millis) {
        Channel ch = channel;
        try {
            if (ch != null) {
                ch.eventLoop().schedule(task, millis, TimeUnit.MILLISECONDS);
            } else {
                task.run();
            }
        } catch (RejectedExecutionException stopping) {
            // The server is stopping; the connection goes with it.
        }
    }

    /** A task threw: after an {@link Error} nothing about this connection can be trusted, so it closes. */
    private void taskFailed(Throwable failure) {
        if (failure instanceof Error) {
            Channel ch = channel;
            if (ch != null) {
                FrameWriter.writeAndClose(
                        ch,
                        new CloseWebSocketFrame(
                                WebSocketCloseStatus.INTERNAL_SERVER_ERROR,
                                "Something went wrong on the server; reconnect."));
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            serial.resume();
        }
        super.channelWritabilityChanged(ctx);
    }

    private void closeWith(WebSocketCloseStatus status, String reason) {
        closing = true;
        FrameWriter.writeAndClose(channel, new CloseWebSocketFrame(status, reason));
    }

    /**
     * Runs one frame. A {@code send} is answered once its message is stored, which may be later, on a thread of the
     * core's: its stage is returned, and the connection's next frame waits for it (the ack comes before the next
     * answer) without holding a worker meanwhile. Every other frame is done when this returns (null).
     */
    private CompletionStage<Void> execute(ClientCommand command, long readAt) {
        return LogContext.about(channel, () -> run(command, readAt));
    }

    private CompletionStage<Void> run(ClientCommand command, long readAt) {
        Live.Connection conn = connection;
        String ref = null;
        String room = null;
        try {
            // A frame's values are parsed here, in the order the frames came, so that an invalid_* answer keeps its
            // place among the answers; the core gets domain values only.
            if (command instanceof ClientCommand.Join join) {
                room = join.room();
                conn.join(RoomName.of(join.room()), join.after());
            } else if (command instanceof ClientCommand.Leave leave) {
                room = leave.room();
                conn.leave(RoomName.of(leave.room()));
            } else if (command instanceof ClientCommand.Send s) {
                ref = s.clientId();
                room = s.room();
                String sentRef = ref;
                String sentTo = room;
                return conn.sendAsync(
                                RoomName.of(s.room()),
                                MessageText.of(s.text()),
                                new ClientId(s.clientId()),
                                s.replyTo())
                        .handle((posted, failure) -> LogContext.about(channel, () -> {
                            if (failure == null) {
                                telemetry.acked(System.nanoTime() - readAt);
                                send("ack", FrameEncoder.ack(posted));
                            } else {
                                answer(command, unwrapped(failure), sentRef, sentTo);
                            }
                            return null;
                        }));
            } else if (command instanceof ClientCommand.Edit edit) {
                room = edit.room();
                conn.edit(RoomName.of(edit.room()), edit.id(), MessageText.of(edit.text()));
            } else if (command instanceof ClientCommand.Delete delete) {
                room = delete.room();
                conn.delete(RoomName.of(delete.room()), delete.id());
            } else if (command instanceof ClientCommand.Read read) {
                room = read.room();
                conn.read(RoomName.of(read.room()), read.id());
            } else if (command instanceof ClientCommand.React react) {
                room = react.room();
                conn.react(RoomName.of(react.room()), react.id(), new Emoji(react.emoji()), react.remove());
            } else if (command instanceof ClientCommand.Typing typing) {
                room = typing.room();
                conn.typing(RoomName.of(typing.room()), typing.stop());
            } else if (command instanceof ClientCommand.History history) {
                room = history.room();
                Messages.HistoryPage page = conn.history(
                        RoomName.of(history.room()),
                        history.before(),
                        PageSize.of(history.limit(), Messages.DEFAULT_PAGE));
                budget.spend(page.messages().size());
                send("history", FrameEncoder.history(history.room(), page, principal.user()));
            }
        } catch (RuntimeException e) {
            answer(command, e, ref, room);
        } finally {
            resumeReading();
        }
        return null;
    }

    /** A frame the core refused or failed on, answered: an {@link Error} is rethrown, for the queue to report. */
    private void answer(ClientCommand command, Throwable failure, String ref, String room) {
        if (failure instanceof ChatException e) {
            telemetry.refused(e.code().wire());
            send("error", FrameEncoder.error(e, ref, room));
        } else if (failure instanceof RuntimeException e) {
            log.error("A {} from {} failed", command.getClass().getSimpleName(), principal.user(), e);
            refuse("internal", "Something went wrong on the server.", ref, room);
        } else if (failure instanceof Error e) {
            throw e;
        } else {
            log.error("A {} from {} failed", command.getClass().getSimpleName(), principal.user(), failure);
            refuse("internal", "Something went wrong on the server.", ref, room);
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void onEvent(LiveEvent event) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || reader.overLimit(ch)) {
            return;
        }
        if (event instanceof LiveEvent.Joined joined) {
            // The replay that follows is read from the store for this connection alone.
            budget.spend(joined.recovered());
        }
        try {
            FrameWriter.write(ch, SharedFrames.encode(event, principal.user(), ch.alloc()));
            telemetry.frameOut(FrameEncoder.typeOf(event));
        } catch (Throwable e) {
            // Out of buffer memory, say: this connection cannot be given the event, so it goes (and recovers).
            reader.cut(ch, e);
        }
    }

    @Override
    public void onClosed(Live.Ending ending) {
        Channel ch = channel;
        if (ch != null) {
            FrameWriter.writeAndClose(ch, EndingFrames.of(ending));
        }
    }

    private void refuse(String code, String message, String ref, String room) {
        telemetry.refused(code);
        send("error", FrameEncoder.error(code, message, ref, room));
    }

    private void send(String type, String json) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || reader.overLimit(ch)) {
            return;
        }
        FrameWriter.write(ch, SharedFrames.textFrame(json, ch.alloc()));
        telemetry.frameOut(type);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (channel != null) {
            telemetry.closed(FrameWriter.closeCode(channel));
        }
        Live.Connection conn = connection;
        if (conn == null) {
            admission.close();
        } else if (serial.replaceWaiting(conn::close) != SerialExecutor.Offer.ACCEPTED) {
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
            CloseWebSocketFrame close =
                    new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, "Message too big.");
            FrameWriter.closingWith(ctx.channel(), close);
            FrameWriter.closeWritten(ctx.channel());
            ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        log.debug("WebSocket of {} failed: {}", principal.user(), cause.toString());
        ctx.close();
    }
}
