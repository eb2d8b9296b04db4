package dev.chat.adapters.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Which connection and which request a log line is about: the connection's id ({@value #CONNECTION}, Netty's short
 * channel id) and the request's ({@value #REQUEST}: the client's {@code X-Request-Id} when it gives a short plain
 * one, else made here), in SLF4J's MDC while the line's code runs for it. The JSON log format writes them as fields
 * of every line; the text format appends them.
 */
final class LogContext {

    static final String CONNECTION = "conn";
    static final String REQUEST = "req";
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private LogContext() {}

    static String connectionId(Channel channel) {
        return channel.id().asShortText();
    }

    /** The client's request id if it gave a usable one, else a new one. */
    static String requestId(String fromClient) {
        if (fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches()) {
            return fromClient;
        }
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** Runs {@code work} with the connection's id in the MDC, as it was before afterwards. */
    static void about(Channel channel, Runnable work) {
        about(channel, () -> {
            work.run();
            return null;
        });
    }

    /** Computes {@code work} with the connection's id in the MDC (none for a null channel). */
    static <T> T about(Channel channel, Supplier<T> work) {
        if (channel == null) {
            return work.get();
        }
        String before = MDC.get(CONNECTION);
        MDC.put(CONNECTION, connectionId(channel));
        try {
            return work.get();
        } finally {
            restore(CONNECTION, before);
        }
    }

    /** Computes {@code work} with the request's id in the MDC, as it was before afterwards. */
    static void forRequest(String requestId, Runnable work) {
        String before = MDC.get(REQUEST);
        MDC.put(REQUEST, requestId);
        try {
            work.run();
        } finally {
            restore(REQUEST, before);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /**
     * {@code task}, to run on another thread with the connection's and the request's ids this thread has now: what
     * an HTTP request's work logs on a pool is about that request. (A WebSocket frame's work sets its connection's id
     * itself, in {@link ChatSocketHandler}.)
     */
    static Runnable carrying(Runnable task) {
        String connection = MDC.get(CONNECTION);
        String request = MDC.get(REQUEST);
        return () -> {
            String connectionBefore = MDC.get(CONNECTION);
            String requestBefore = MDC.get(REQUEST);
            restore(CONNECTION, connection);
            restore(REQUEST, request);
            try {
                task.run();
            } finally {
                restore(CONNECTION, connectionBefore);
                restore(REQUEST, requestBefore);
            }
        };
    }

    /** First in every connection's pipeline: what its handlers do on the event loop is logged with its id. */
    @ChannelHandler.Sharable
    static final class Handler extends ChannelInboundHandlerAdapter {

        static final Handler INSTANCE = new Handler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            about(ctx.channel(), () -> ctx.fireChannelRead(msg));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            about(ctx.channel(), ctx::fireChannelInactive);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            about(ctx.channel(), () -> ctx.fireUserEventTriggered(evt));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            about(ctx.channel(), () -> ctx.fireExceptionCaught(cause));
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            about(ctx.channel(), ctx::fireChannelWritabilityChanged);
        }
    }
}
