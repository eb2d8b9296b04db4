package dev.chat.client;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One user's live connection to a chat server, kept whole across drops the way docs/protocol.md ("Writing a
 * client") asks: each message of a followed room is delivered exactly once, in id order; a send stays pending until
 * the server has stored it and is resent with the same {@code clientId} after every rejoin; a dropped socket is
 * reopened with backoff. Changes to messages (edits, deletions, reactions) are applied to what it holds by their
 * {@code seq} and reported once each; it rejoins with its position (the largest message id and change seq
 * received). Every state change and every {@link ChatListener} call happens on one thread of its own, in order; the
 * methods may be called from any thread.
 */
public final class ChatClient implements AutoCloseable {

    private static final long CLOSE_WITHIN_MS = 1_000;
    private static final int CALLS_AT_ONCE = 4;

    private final ChatApi api;
    private final ScheduledExecutorService loop;
    private final WebSocketTransport transport;
    private final Link link;
    private final RoomFeeds rooms;
    private final ChatListener listener;
    /** Where edits, deletions, reactions and read markers wait for their HTTP answer. */
    private final ExecutorService calls;

    private volatile Thread thread;

    /**
     * @param api      the server's HTTP API with the user's session ({@link ChatApi#withToken}): the socket signs in
     *                 with its token, and a drop asks it whether the session survived
     * @param me       the signed-in user's name: own messages settle pending sends, own typing is not reported
     * @param listener what the client reports, on the client's own thread
     */
    public ChatClient(ChatApi api, String me, ChatListener listener) {
        if (api.token() == null) {
            throw new IllegalArgumentException("a ChatClient needs a signed-in ChatApi (withToken)");
        }
        this.api = api;
        this.listener = listener;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-client");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // At most CALLS_AT_ONCE threads, made when a call comes and gone after a while without one.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                CALLS_AT_ONCE, CALLS_AT_ONCE, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "chat-client-call");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.calls = pool;
        this.transport = new WebSocketTransport(loop);
        this.link = new Link(api, loop, transport, listener);
        this.rooms = new RoomFeeds(me, link, loop, listener);
        link.attach(rooms);
    }

    /** Opens the first socket; fails with a {@link ClientException} if it cannot (later drops are retried instead). */
    public CompletableFuture<Void> start() {
        loop.execute(link::connect);
        return link.firstOpen;
    }

    /** Waits for {@link #start()}, throwing the {@link ClientException} it failed with. */
    public void open() {
        try {
            start().get(ChatApi.CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ClientException c
                    ? c
                    : ClientException.unreachable(api.server(), e.getCause());
        } catch (TimeoutException e) {
            throw ClientException.of(
                    ClientException.Kind.UNREACHABLE,
                    api.server(),
                    "cannot reach " + api.server() + ": the WebSocket did not open");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientException.interrupted(api.server());
        }
    }

    /** Reads the room's newest {@code history} messages (delivered as {@code earlier}), then every new one. */
    public void follow(String room, int history) {
        loop.execute(() -> rooms.add(room, true, history));
    }

    /** Joins the room to send into it, without delivering its messages. */
    public void enter(String room) {
        loop.execute(() -> rooms.add(room, false, 0));
    }

    /** Leaves the room, unless sends to it are still pending: then it stays, and the answer is false. */
    public CompletableFuture<Boolean> leave(String room) {
        return ask(() -> rooms.leave(room));
    }

    /**
     * Queues a message for a room followed or entered: sent now if the room is joined, else once it is; resent with
     * the same {@code clientId} until stored, so it is stored once. {@link ChatListener#sent} tells when.
     */
    public void send(String room, String text, String clientId) {
        queue(room, text, clientId, null);
    }

    /** {@link #send(String, String, String)} with a fresh random {@code clientId}, which it returns. */
    public String send(String room, String text) {
        String clientId = ClientIds.next();
        send(room, text, clientId);
        return clientId;
    }

    /**
     * {@link #send(String, String, String)} of a reply to the message {@code replyTo} of the room (its {@link
     * Message#replyTo()}); {@link ChatListener#sendFailed} with {@code no_such_message} when there is none, or it was
     * deleted.
     */
    public void reply(String room, long replyTo, String text, String clientId) {
        queue(room, text, clientId, replyTo);
    }

    /** {@link #reply(String, long, String, String)} with a fresh random {@code clientId}, which it returns. */
    public String reply(String room, long replyTo, String text) {
        String clientId = ClientIds.next();
        reply(room, replyTo, text, clientId);
        return clientId;
    }

    private void queue(String room, String text, String clientId, Long replyTo) {
        loop.execute(() -> {
            if (!rooms.send(room, text, clientId, replyTo)) {
                listener.sendFailed(room, clientId, "not_joined", "You are not in room " + room + ".");
            }
        });
    }

    /**
     * Gives the user's own message a new text ({@link ChatApi#edit}); the room need not be followed. Completes with
     * the message as edited, or fails with the {@link ClientException} the server answered ({@code forbidden} for
     * someone else's message, {@code no_such_message}, {@code invalid_text}, …). Followers of the room, this client
     * among them, get {@link ChatListener#edited}.
     */
    public CompletableFuture<Message> edit(String room, long id, String text) {
        return call(() -> api.edit(room, id, text));
    }

    /**
     * Deletes a message: the user's own, or any in a room they own or moderate ({@link ChatApi#deleteMessage});
     * fails like {@link #edit}. Followers get {@link ChatListener#deleted}.
     */
    public CompletableFuture<Void> deleteMessage(String room, long id) {
        return call(() -> {
            api.deleteMessage(room, id);
            return null;
        });
    }

    /**
     * Adds the user's reaction ({@link ChatApi#react}): one emoji, such as {@code "👍"}; completes with the message
     * as it is then, or fails with the server's code ({@code invalid_emoji}, {@code too_many_reactions}, …).
     * Followers get {@link ChatListener#reactionsChanged}.
     */
    public CompletableFuture<Message> react(String room, long id, String emoji) {
        return call(() -> api.react(room, id, emoji));
    }

    /** Takes the user's reaction back ({@link ChatApi#unreact}); as {@link #react}. */
    public CompletableFuture<Message> unreact(String room, long id, String emoji) {
        return call(() -> api.unreact(room, id, emoji));
    }

    /**
     * Moves the user's read marker of the room to {@code position} (a message id or a change seq; it only moves
     * forward), on every device: each open client of the user gets {@link ChatListener#readState}. Completes with the
     * read state after it.
     */
    public CompletableFuture<ReadState> markRead(String room, long position) {
        return call(() -> api.markRead(room, position));
    }

    /** {@link #markRead(String, long)} up to the room's {@link #position}: all this client has received of it. */
    public CompletableFuture<ReadState> markRead(String room) {
        return ask(() -> rooms.position(room)).thenCompose(position -> markRead(room, position));
    }

    /** Says the user is typing in the room (or stopped); dropped when the room is not joined right now. */
    public void typing(String room, boolean stop) {
        loop.execute(() -> rooms.typing(room, stop));
    }

    /** Who is in the room, as of its {@code joined} and the presence events since. */
    public CompletableFuture<List<String>> online(String room) {
        return ask(() -> rooms.online(room));
    }

    /**
     * The room's position: the largest message id and change seq this client received of it (0 before anything); it
     * rejoins with it after a reconnect.
     */
    public CompletableFuture<Long> position(String room) {
        return ask(() -> rooms.position(room));
    }

    /**
     * The messages this client holds of a followed room, oldest first, as they are now (edits, reactions and
     * deletions applied): those delivered to {@link ChatListener#message}, the newest {@value RoomView#KEPT} (or the
     * history asked for, if more) at the most.
     */
    public CompletableFuture<List<Message>> messages(String room) {
        return ask(() -> rooms.messages(room));
    }

    /** How many sends to the room wait for their ack. */
    public CompletableFuture<Integer> pending(String room) {
        return ask(() -> rooms.pending(room));
    }

    /** Closes the socket normally (1000) and stops; a closed client reports nothing more. May be called by a listener. */
    @Override
    public void close() {
        try {
            WebSocketTransport.Socket socket = Thread.currentThread() == thread
                    ? link.stop()
                    : ask(link::stop).get(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS);
            if (socket != null) {
                socket.close(CLOSE_WITHIN_MS);
            }
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // Closed already, or the client's thread is stuck in a listener: the socket is dropped below anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownNow();
            calls.shutdownNow();
            transport.close();
        }
    }

    /** A blocking HTTP call of the user's, on a thread of {@link #calls}: never on the client's own thread. */
    private <T> CompletableFuture<T> call(Callable<T> request) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        calls.execute(() -> {
            try {
                answer.complete(request.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private <T> CompletableFuture<T> ask(Callable<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                answer.complete(question.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
