package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The one socket a client has at a time, kept open: a dropped socket is reopened with exponential backoff and
 * jitter (0.5 s, 1 s, 2 s … 5 s, as the browser), after asking {@code /api/session} whether the session still exists;
 * {@code 4401} and {@code 4403} end it; a ping every 25 s finds a connection that died without a close. Used on
 * the client's own thread only.
 */
final class Link implements Wire, WebSocketTransport.Events {

    static final long FIRST_RETRY_MS = 500;
    static final long MAX_RETRY_MS = 5_000;
    private static final long PING_EVERY_MS = 25_000;
    private static final long PONG_WITHIN_MS = 10_000;

    private final ChatApi api;
    private final URI uri;
    private final ScheduledExecutorService loop;
    private final WebSocketTransport transport;
    private final ChatListener listener;
    /** Completes when the first socket opens, or fails with a {@link ClientException} when it cannot. */
    final CompletableFuture<Void> firstOpen = new CompletableFuture<>();

    private RoomFeeds rooms;
    private WebSocketTransport.Socket socket;
    private boolean open;
    private int attempt;
    private boolean ended;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> pingTimer;
    private boolean pongDue;

    Link(ChatApi api, ScheduledExecutorService loop, WebSocketTransport transport, ChatListener listener) {
        this.api = api;
        this.uri = ServerUrl.webSocket(api.server());
        this.loop = loop;
        this.transport = transport;
        this.listener = listener;
    }

    void attach(RoomFeeds rooms) {
        this.rooms = rooms;
    }

    void connect() {
        if (ended || socket != null) {
            return;
        }
        socket = transport.open(uri, api.token(), (int) ChatApi.CONNECT_TIMEOUT.toMillis(), this);
    }

    @Override
    public boolean send(String frame) {
        if (socket == null || !open) {
            return false;
        }
        socket.send(frame);
        return true;
    }

    @Override
    public Object socket() {
        return open ? socket : null;
    }

    @Override
    public void joinedRoom() {
        attempt = 0;
    }

    /** Stops for good: no more reconnects, no timers; returns the socket to close, or null. */
    WebSocketTransport.Socket stop() {
        ended = true;
        cancelTimers();
        WebSocketTransport.Socket s = socket;
        socket = null;
        open = false;
        return s;
    }

    @Override
    public void failed(WebSocketTransport.Socket s, Throwable error) {
        if (socket != s) {
            return;
        }
        socket = null;
        if (!firstOpen.isDone()) {
            ended = true;
            firstOpen.completeExceptionally(describe(error));
            return;
        }
        scheduleReconnect();
    }

    private ClientException describe(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException h && h.response() != null) {
            int status = h.response().status().code();
            if (status == 401) {
                return new ClientException(
                        ClientException.Kind.SESSION_ENDED,
                        api.server(),
                        401,
                        "unauthorized",
                        "The session has ended; sign in again.",
                        h);
            }
            return new ClientException(
                    ClientException.Kind.NOT_A_CHAT_SERVER,
                    api.server(),
                    status,
                    "http_" + status,
                    api.server() + " refused the WebSocket (HTTP " + status + "); is it a chat server?",
                    h);
        }
        return ClientException.unreachable(api.server(), error);
    }

    @Override
    public void opened(WebSocketTransport.Socket s) {
        if (socket != s || ended) {
            s.abort();
            return;
        }
        open = true;
        pongDue = false;
        if (rooms.isEmpty()) {
            attempt = 0;
        }
        pingTimer = loop.scheduleAtFixedRate(this::ping, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
        firstOpen.complete(null);
        listener.connected();
        rooms.beginAll();
    }

    @Override
    public void received(WebSocketTransport.Socket s, String text) {
        if (socket != s) {
            return;
        }
        JsonNode frame = Frames.parse(text);
        if (frame == null) {
            return;
        }
        if (frame.path("type").asText("").equals("pong")) {
            pongDue = false;
            return;
        }
        rooms.received(frame);
    }

    @Override
    public void closed(WebSocketTransport.Socket s, int code) {
        if (socket != s) {
            return;
        }
        dropped();
        if (code == 4401) {
            end(ChatListener.Ending.SIGNED_OUT);
        } else if (code == 4403) {
            end(ChatListener.Ending.BANNED);
        } else {
            scheduleReconnect();
        }
    }

    /** The socket is gone: every room must be joined again on the next one. */
    private void dropped() {
        WebSocketTransport.Socket s = socket;
        socket = null;
        open = false;
        if (s != null) {
            s.abort();
        }
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        pongDue = false;
        rooms.droppedAll();
    }

    private void scheduleReconnect() {
        if (ended) {
            return;
        }
        attempt++;
        long base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt - 1, 16));
        long delay = Math.round(base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        retryTimer = loop.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
        listener.disconnected(Duration.ofMillis(delay), attempt);
    }

    /** Before opening a socket again, tells "signed out" from "server away", like the browser. */
    private void reconnect() {
        if (ended || socket != null) {
            return;
        }
        // The HTTP call blocks: it runs on a pool thread, and its answer comes back to the client's thread.
        CompletableFuture.supplyAsync(api::signedIn)
                .whenComplete((signedIn, error) -> loop.execute(() -> {
                    if (ended || socket != null) {
                        return;
                    }
                    if (error != null) {
                        scheduleReconnect();
                    } else if (!signedIn) {
                        end(ChatListener.Ending.SIGNED_OUT);
                    } else {
                        connect();
                    }
                }));
    }

    private void end(ChatListener.Ending ending) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        listener.ended(ending);
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {retryTimer, pingTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        rooms.cancelTimers();
    }

    /** A connection can die without a close (sleep, network switch): no pong in time means it is gone. */
    private void ping() {
        WebSocketTransport.Socket s = socket;
        if (s == null || !open || pongDue) {
            return;
        }
        pongDue = true;
        send(Frames.ping());
        loop.schedule(
                () -> {
                    if (socket == s && pongDue) {
                        dropped();
                        scheduleReconnect();
                    }
                },
                PONG_WITHIN_MS,
                TimeUnit.MILLISECONDS);
    }
}
