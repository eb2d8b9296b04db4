package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The rooms of one client, and the dispatch of every server frame to the room it is about. Frame types this client
 * does not know are ignored, as the protocol asks. Used on the client's own thread only.
 */
final class RoomFeeds {

    private final Map<String, RoomFeed> rooms = new LinkedHashMap<>();
    private final String me;
    private final Wire wire;
    private final ScheduledExecutorService loop;
    private final ChatListener listener;

    RoomFeeds(String me, Wire wire, ScheduledExecutorService loop, ChatListener listener) {
        this.me = me;
        this.wire = wire;
        this.loop = loop;
        this.listener = listener;
    }

    /** Starts following ({@code follow}) or only entering a room; a room already there is left as it is. */
    void add(String room, boolean follow, int history) {
        add(new RoomFeed(room, follow, history, wire, loop, listener));
    }

    private void add(RoomFeed feed) {
        if (rooms.containsKey(feed.name)) {
            return;
        }
        rooms.put(feed.name, feed);
        if (wire.socket() != null) {
            feed.begin();
        }
    }

    /** Leaves the room, unless sends to it are still pending: then it stays, and the answer is false. */
    boolean leave(String room) {
        RoomFeed feed = rooms.get(room);
        if (feed == null) {
            return true;
        }
        if (!feed.outbox.isEmpty()) {
            return false;
        }
        remove(feed);
        wire.send(Frames.leave(room));
        return true;
    }

    /** Queues a message (a reply, if {@code replyTo} is set); false when the room is neither followed nor entered. */
    boolean send(String room, String text, String clientId, Long replyTo) {
        RoomFeed feed = rooms.get(room);
        if (feed == null) {
            return false;
        }
        feed.outbox.add(clientId, text, replyTo);
        return true;
    }

    void typing(String room, boolean stop) {
        RoomFeed feed = rooms.get(room);
        if (feed != null && feed.joinedNow()) {
            wire.send(Frames.typing(room, stop));
        }
    }

    List<String> online(String room) {
        RoomFeed feed = rooms.get(room);
        return feed == null ? List.of() : feed.online();
    }

    /** The room's position (the largest message id and change seq received), or 0. */
    long position(String room) {
        RoomFeed feed = rooms.get(room);
        return feed == null ? 0 : Math.max(0, feed.position());
    }

    List<Message> messages(String room) {
        RoomFeed feed = rooms.get(room);
        return feed == null ? List.of() : feed.messages();
    }

    int pending(String room) {
        RoomFeed feed = rooms.get(room);
        return feed == null ? 0 : feed.outbox.size();
    }

    boolean isEmpty() {
        return rooms.isEmpty();
    }

    /** A socket is open: every room is read or joined on it. */
    void beginAll() {
        for (RoomFeed feed : List.copyOf(rooms.values())) {
            feed.begin();
        }
    }

    void droppedAll() {
        rooms.values().forEach(RoomFeed::dropped);
    }

    void cancelTimers() {
        rooms.values().forEach(feed -> feed.outbox.cancel());
    }

    /**
     * A frame from the server (not a pong): to the room it names, ignored when the client is not in it; the user's
     * own events ({@code room_added}, {@code mention}, {@code read_state}), whatever rooms they are about, straight
     * to the listener.
     */
    void received(JsonNode frame) {
        String type = frame.path("type").asText("");
        if (userEvent(type, frame)) {
            return;
        }
        RoomFeed room = rooms.get(frame.path("room").asText(""));
        if (type.equals("error")) {
            failed(room, frame);
            return;
        }
        if (room == null) {
            return;
        }
        switch (type) {
            case "joined" -> {
                List<String> online = new ArrayList<>();
                frame.path("online").forEach(u -> online.add(u.asText()));
                room.joined(online);
            }
            case "message" -> {
                Message m = Message.from(frame);
                room.message(m, m.user().equals(me));
            }
            case "ack" ->
                room.outbox.settle(
                        frame.path("clientId").asText(null),
                        frame.path("id").asLong(),
                        Message.from(frame).ts());
            case "history" -> history(room, frame);
            case "gap" -> room.gap();
            case "presence" ->
                room.presence(
                        frame.path("user").asText(),
                        frame.path("state").asText().equals("online"));
            case "typing" -> {
                String user = frame.path("user").asText();
                if (!user.equals(me)) {
                    listener.typing(room.name, user, frame.path("stop").asBoolean(false));
                }
            }
            case "edited", "deleted", "reactions" -> room.change(MessageChange.from(frame));
            case "room_closed" -> closed(room, frame.path("renamedTo").asText(null));
            default -> {
                // Frame types added later are ignored, as the protocol asks.
            }
        }
    }

    /** The events that are the user's, not a followed room's: true when {@code frame} was one. */
    private boolean userEvent(String type, JsonNode frame) {
        switch (type) {
            case "room_added" -> {
                // About a room the client does not follow yet: its "room" is a room object, not a name.
                if (frame.path("room").isObject()) {
                    listener.roomAdded(RoomInfo.from(frame.path("room")));
                }
            }
            case "mention" -> {
                if (frame.path("message").isObject()) {
                    listener.mentioned(Message.from(frame.path("message")));
                }
            }
            case "read_state" -> listener.readState(ReadState.from(frame));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void history(RoomFeed room, JsonNode frame) {
        List<Message> page = new ArrayList<>();
        frame.path("messages").forEach(m -> page.add(Message.from(m)));
        for (Message m : page) {
            if (m.user().equals(me)) {
                room.outbox.settle(m.clientId(), m.id(), m.ts());
            }
        }
        room.history(page, frame.path("more").asBoolean(false));
    }

    private void closed(RoomFeed room, String renamedTo) {
        remove(room);
        listener.roomClosed(room.name, renamedTo);
        if (renamedTo != null && !rooms.containsKey(renamedTo)) {
            add(room.renamed(renamedTo));
        }
    }

    private void failed(RoomFeed room, JsonNode frame) {
        String code = frame.path("code").asText("");
        String message = frame.path("message").asText(code);
        String ref = frame.path("ref").asText(null);
        if (room != null && room.outbox.isPending(ref)) {
            if (code.equals("rate_limited") || code.equals("not_stored")) {
                room.outbox.hold(frame.path("retryAfterMs").asLong(RoomFeed.RETRY_ROOM_MS));
            } else {
                room.outbox.refuse(ref, code, message);
            }
            return;
        }
        if (room != null && ref == null && room.failed(code, message)) {
            if (room.isGone()) {
                rooms.remove(room.name);
            }
            return;
        }
        listener.notice(message);
    }

    private void remove(RoomFeed room) {
        rooms.remove(room.name);
        room.forget();
    }
}
