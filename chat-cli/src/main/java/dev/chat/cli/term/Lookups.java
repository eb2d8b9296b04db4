package dev.chat.cli.term;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Api;
import dev.chat.cli.CliException;
import dev.chat.cli.RoomsCommand;
import dev.chat.cli.Text;
import dev.chat.client.ChatApi;
import dev.chat.client.ChatClient;
import dev.chat.client.Message;
import dev.chat.client.RoomInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jline.utils.AttributedString;

/**
 * What the user asks the server for beside the live connection: {@code /rooms}, {@code /who}, {@code /history}, and
 * the direct room {@code /join @bob} goes to.
 */
final class Lookups {

    private final Api api;
    private final Screen screen;
    private final ChatRooms rooms;
    private final Supplier<ChatClient> connection;
    /** The oldest message shown of each room: where {@code /history} goes on from. */
    private final Map<String, Long> oldestShown = new ConcurrentHashMap<>();

    Lookups(Api api, Screen screen, ChatRooms rooms, Supplier<ChatClient> connection) {
        this.api = api;
        this.screen = screen;
        this.rooms = rooms;
        this.connection = connection;
    }

    /** A message is on screen. */
    void shown(Message m) {
        oldestShown.merge(m.room(), m.id(), Math::min);
    }

    void rooms() {
        try {
            JsonNode answer = api.rooms();
            answer.path("rooms").forEach(r -> rooms.learn(RoomInfo.from(r)));
            screen.show(new AttributedString(
                    RoomsCommand.table(answer.path("rooms"), rooms.me()).stripTrailing()));
        } catch (CliException e) {
            screen.note(e.getMessage());
        }
    }

    /** Learns who the direct rooms are with, so that they show by their people; quietly, the chat works without. */
    void learnRooms() {
        try {
            rooms.learn(api.call(ChatApi::roomList));
        } catch (CliException e) {
            // Direct rooms then show by their names.
        }
    }

    /** {@code /join @bob} or {@code /join @bob,carol}: the direct room with those people, made or found. */
    Optional<String> openDirect(String arg) {
        List<String> users = new ArrayList<>();
        for (String name : arg.split("[\\s,@]+")) {
            if (!name.isEmpty()) {
                users.add(name.toLowerCase(Locale.ROOT));
            }
        }
        try {
            RoomInfo room = api.call(c -> c.openDirect(users));
            rooms.learn(room);
            return Optional.of(room.name());
        } catch (CliException e) {
            screen.note(e.getMessage());
            return Optional.empty();
        }
    }

    void who(String room) {
        if (room == null) {
            screen.note("You are in no room.");
            return;
        }
        List<String> online = connection.get().online(room).join();
        screen.note("In " + rooms.label(room) + ": "
                + (online.isEmpty()
                        ? "nobody (yet)"
                        : String.join(
                                ", ", online.stream().map(Text::neutraliseLine).toList())));
    }

    /** Pages back: each call shows the messages just before the oldest one on screen. */
    void history(String room, String arg) {
        if (room == null) {
            screen.note("You are in no room.");
            return;
        }
        int n;
        try {
            n = arg.isEmpty() ? TerminalChat.HISTORY_ON_JOIN : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            screen.note("/history takes a number, like /history 50");
            return;
        }
        n = Math.max(1, Math.min(100, n));
        Long before = oldestShown.get(room);
        try {
            JsonNode page = api.get("/api/rooms/" + Api.segment(room) + "/messages?limit=" + n
                    + (before == null ? "" : "&before=" + before));
            List<Message> messages = new ArrayList<>();
            page.path("messages").forEach(m -> messages.add(Message.from(m)));
            if (messages.isEmpty()) {
                screen.note("Nothing earlier in " + rooms.label(room) + ".");
                return;
            }
            Collections.reverse(messages);
            screen.note("Earlier in " + rooms.label(room)
                    + (page.path("more").asBoolean(false) ? " (/history for more)" : " (the start)") + ":");
            for (Message m : messages) {
                screen.show(screen.render(m));
            }
            oldestShown.merge(room, messages.get(0).id(), Math::min);
        } catch (CliException e) {
            screen.note(e.getMessage());
        }
    }
}
