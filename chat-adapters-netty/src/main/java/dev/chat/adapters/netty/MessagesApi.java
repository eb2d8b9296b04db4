package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Messages;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A room's messages: a page of its history, and an admin deleting one. */
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
            list.add(Json.message(message));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse delete(HttpCall call, String room, String id) {
        Principal who = call.principal(api.accounts());
        api.messages().delete(who, RoomName.of(room), RequestTarget.messageId(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }
}
