package dev.chat.adapters.netty;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Live;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade at {@code /ws}: origin-checked on the event loop, then authenticated and admitted under the
 * connection limits on the worker pool, then, back on the event loop, refused or handed to the handshake.
 */
final class WebSocketUpgrade {

    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

    /** Puts the WebSocket handlers into the pipeline of an admitted upgrade request. */
    interface SocketInstaller {
        void install(ChannelHandlerContext ctx, FullHttpRequest upgrade, Live.Admission admission);
    }

    /** Writes a refusal and goes on with the connection's next request. */
    interface Refusals {
        void refuse(ChannelHandlerContext ctx, FullHttpResponse refusal);
    }

    private final HttpServices services;
    private final SocketInstaller sockets;

    WebSocketUpgrade(HttpServices services, SocketInstaller sockets) {
        this.services = services;
        this.sockets = sockets;
    }

    /** Starts the upgrade; every path ends in a refusal or the installed socket, and the request is released. */
    void start(ChannelHandlerContext ctx, FullHttpRequest request, boolean secure, Refusals refusals) {
        Channel channel = ctx.channel();
        if (!services.origins().allows(request, secure)) {
            refusals.refuse(
                    ctx,
                    HttpResponses.error(
                            HttpResponseStatus.FORBIDDEN,
                            "forbidden",
                            "WebSocket connections from this origin are not allowed."));
            return;
        }
        String token = Credentials.token(request);
        ClientAddress from = services.addresses().of(channel, request.headers());
        FullHttpRequest held = request.retain();
        KeepAliveHandler.answering(channel);
        try {
            services.worker().execute(LogContext.carrying(() -> admit(ctx, held, token, from, refusals)));
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            held.release();
            refusals.refuse(
                    ctx,
                    HttpResponses.error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "The server is busy. Try again."));
        }
    }

    /** On the worker pool: who it is and whether the limits let them in. */
    private void admit(
            ChannelHandlerContext ctx, FullHttpRequest held, String token, ClientAddress from, Refusals refusals) {
        Live.Admission admission = null;
        FullHttpResponse refusal = null;
        try {
            Optional<Principal> principal = services.api().accounts().authenticate(token);
            if (principal.isEmpty()) {
                refusal = HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "Sign in first.");
            } else {
                admission = services.api().live().admit(principal.get(), from);
            }
        } catch (ChatException e) {
            if (e.code() == ErrorCode.UNAVAILABLE) {
                log.warn(
                        "Could not check a session: {}",
                        e.getCause() != null ? e.getCause().toString() : e.toString());
            }
            refusal = HttpResponses.error(e);
        } catch (RuntimeException e) {
            log.error("Could not admit a WebSocket", e);
            refusal = HttpResponses.error(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong on the server.");
        }
        KeepAliveHandler.answered(ctx.channel());
        Live.Admission admitted = admission;
        FullHttpResponse refused = refusal;
        try {
            ctx.executor().execute(() -> finish(ctx, held, admitted, refused, refusals));
        } catch (RejectedExecutionException stopping) {
            held.release();
            if (admitted != null) {
                admitted.close();
            }
        }
    }

    /** Back on the event loop: refuse, or hand the request to the WebSocket handshake. Always releases it. */
    private void finish(
            ChannelHandlerContext ctx,
            FullHttpRequest held,
            Live.Admission admission,
            FullHttpResponse refusal,
            Refusals refusals) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || ctx.isRemoved()) {
            held.release();
            if (admission != null) {
                admission.close();
            }
            return;
        }
        if (refusal != null) {
            held.release();
            refusals.refuse(ctx, refusal);
            return;
        }
        channel.closeFuture().addListener(f -> admission.close());
        try {
            sockets.install(ctx, held, admission);
        } catch (RuntimeException e) {
            if (held.refCnt() > 0) {
                held.release();
            }
            log.debug("Could not upgrade to a WebSocket: {}", e.toString());
            channel.close();
        }
    }
}
