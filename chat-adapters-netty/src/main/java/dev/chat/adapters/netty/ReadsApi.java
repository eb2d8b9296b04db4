package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Reads;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** What the caller has read, and where they were called by name. */
final class ReadsApi {

    private final ChatApi api;

    ReadsApi(ChatApi api) {
        this.api = api;
    }

    /** {@code PUT /api/rooms/{room}/read} with {@code {"id": 42}}: the new read state. */
    FullHttpResponse markRead(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        ReadState state = api.reads().markRead(who, RoomName.of(room), call.wholeNumber("id"));
        return HttpResponses.json(HttpResponseStatus.OK, Json.readState(state));
    }

    /** {@code GET /api/mentions?limit=n}: {@code {"mentions": [{"message": …, "unread": true}]}}, newest first. */
    FullHttpResponse mentions(HttpCall call) {
        Principal who = call.principal(api.accounts());
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("mentions");
        for (Reads.MentionItem item : api.reads().mentions(who, RequestTarget.pageSize(call.uri, Reads.DEFAULT_PAGE))) {
            ObjectNode mention = list.addObject();
            mention.set("message", Json.message(item.message(), who.user()));
            mention.put("unread", item.unread());
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }
}
