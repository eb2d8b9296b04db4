package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Messages;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A room's messages: a page of its history, one message, and changing one (edit, delete, react). */
final class MessagesApi {

    private final ChatApi api;

    MessagesApi(ChatApi api) {
        this.api = api;
    }

    FullHttpResponse history(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        Long before = RequestTarget.wholeNumber(call.uri, "before");
        Messages.HistoryPage page = api.messages()
                .history(who, RoomName.of(room), before, RequestTarget.pageSize(call.uri, Messages.DEFAULT_PAGE));
        ObjectNode body = Json.object();
        body.put("room", Json.roomName(room));
        ArrayNode list = body.putArray("messages");
        for (Message message : page.messages()) {
            list.add(Json.message(message, who.user()));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse one(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        Message message = api.messages().message(who, RoomName.of(room), RequestTarget.messageId(id));
        return HttpResponses.json(HttpResponseStatus.OK, Json.message(message, who.user()));
    }

    FullHttpResponse edit(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        Message edited = api.messages()
                .edit(who, RoomName.of(room), RequestTarget.messageId(id), MessageText.of(call.text("text")));
        return HttpResponses.json(HttpResponseStatus.OK, Json.message(edited, who.user()));
    }

    FullHttpResponse react(HttpCall call, String room, String id, String emoji, boolean remove) {
        Principal who = call.principal(api.accounts());
        Message reacted =
                api.messages().react(who, RoomName.of(room), RequestTarget.messageId(id), new Emoji(emoji), remove);
        return HttpResponses.json(HttpResponseStatus.OK, Json.message(reacted, who.user()));
    }

    /** Who reacted with what: {@code {"room", "id", "reactions": [{"emoji", "count", "me", "users"}]}}. */
    FullHttpResponse reactions(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        Message message = api.messages().message(who, RoomName.of(room), RequestTarget.messageId(id));
        ObjectNode body = Json.object();
        body.put("room", message.room().value());
        body.put("id", message.id());
        body.set("reactions", Json.reactions(message.reactions(), who.user(), true));
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse delete(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        api.messages().delete(who, RoomName.of(room), RequestTarget.messageId(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }
}
