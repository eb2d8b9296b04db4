package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.RoomChange;
import dev.chat.core.port.in.Rooms;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashSet;
import java.util.Set;

/** Rooms: the paged list, creating one, and an admin's changes and deletions. */
final class RoomsApi {

    private final ChatApi api;

    RoomsApi(ChatApi api) {
        this.api = api;
    }

    FullHttpResponse list(HttpCall call) {
        Principal who = call.principal(api.accounts());
        String after = RequestTarget.text(call.uri, "after");
        Rooms.RoomPage page = api.rooms()
                .list(
                        who,
                        after == null ? null : RoomName.of(after),
                        RequestTarget.pageSize(call.uri, Rooms.DEFAULT_PAGE));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        for (Rooms.RoomSummary summary : page.rooms()) {
            list.add(Json.room(summary));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse create(HttpCall call) {
        Principal who = call.principal(api.accounts());
        String name = call.text("name");
        String topic = call.optionalText("topic");
        RoomKind kind = RoomKind.ofVisibility(call.optionalText("visibility"));
        Room room = api.rooms().create(who, RoomName.of(name), Topic.of(topic), kind);
        return HttpResponses.json(
                HttpResponseStatus.CREATED, Json.room(api.rooms().find(who, room.name())));
    }

    /** {@code POST /api/dms}: the direct room of the caller and {@code users}, opened or created. */
    FullHttpResponse openDirect(HttpCall call) {
        Principal who = call.principal(api.accounts());
        Set<Username> users = new LinkedHashSet<>();
        for (String user : call.texts("users")) {
            users.add(Username.of(user));
        }
        Rooms.Opened opened = api.rooms().openDirect(who, users);
        return HttpResponses.json(
                opened.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, Json.room(opened.room()));
    }

    /** An admin renames the room, sets its topic, or both: one use case, both checked before anything changes. */
    FullHttpResponse change(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        String name = call.optionalText("name");
        String topic = call.optionalText("topic");
        if (name == null && topic == null) {
            throw new BadRequest("Give a new 'name', a 'topic', or both.");
        }
        Room changed = api.admin().changeRoom(who, RoomName.of(room), RoomChange.of(name, topic));
        return HttpResponses.json(HttpResponseStatus.OK, Json.room(api.rooms().find(who, changed.name())));
    }

    FullHttpResponse delete(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        api.rooms().delete(who, RoomName.of(room));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }
}
