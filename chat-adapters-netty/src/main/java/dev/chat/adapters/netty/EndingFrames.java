package dev.chat.adapters.netty;

import dev.chat.core.port.in.Live;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/** The close frame that tells a client why the server ended its connection (protocol.md, close codes). */
final class EndingFrames {

    private EndingFrames() {}

    static CloseWebSocketFrame of(Live.Ending ending) {
        return switch (ending) {
            case SIGNED_OUT -> new CloseWebSocketFrame(ChatSocketHandler.SIGNED_OUT, "Signed out.");
            case EXPIRED -> new CloseWebSocketFrame(ChatSocketHandler.SIGNED_OUT, "Session expired.");
            case BANNED -> new CloseWebSocketFrame(ChatSocketHandler.BANNED, "Banned.");
            case FAILED ->
                new CloseWebSocketFrame(
                        WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; reconnect.");
            case SHUTDOWN ->
                new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "The server is restarting.");
        };
    }
}
