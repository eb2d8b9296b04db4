package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns one client text frame into a {@link ClientCommand}, checking only its shape. */
final class FrameDecoder {

    private FrameDecoder() {}

    static ClientCommand decode(String text) throws ProtocolException {
        ObjectNode frame = Json.parseObject(text);
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException("bad_request", "A frame needs a string 'type'.", null);
        }
        return switch (type.asText()) {
            case "join" -> new ClientCommand.Join(string(frame, "room", true, null), number(frame, "after"));
            case "leave" -> new ClientCommand.Leave(string(frame, "room", true, null));
            case "send" -> {
                String clientId = string(frame, "clientId", true, null);
                yield new ClientCommand.Send(
                        string(frame, "room", true, clientId),
                        string(frame, "text", true, clientId),
                        clientId,
                        number(frame, "replyTo"));
            }
            case "edit" ->
                new ClientCommand.Edit(string(frame, "room", true, null), id(frame), string(frame, "text", true, null));
            case "delete" -> new ClientCommand.Delete(string(frame, "room", true, null), id(frame));
            case "read" -> new ClientCommand.Read(string(frame, "room", true, null), id(frame));
            case "react" ->
                new ClientCommand.React(
                        string(frame, "room", true, null),
                        id(frame),
                        string(frame, "emoji", true, null),
                        bool(frame, "remove"));
            case "typing" -> new ClientCommand.Typing(string(frame, "room", true, null), bool(frame, "stop"));
            case "history" -> {
                yield new ClientCommand.History(
                        string(frame, "room", true, null), number(frame, "before"), number(frame, "limit"));
            }
            case "ping" -> new ClientCommand.Ping();
            default -> throw new ProtocolException("unknown_type", "Unknown frame type.", null);
        };
    }

    private static String string(ObjectNode frame, String field, boolean required, String ref)
            throws ProtocolException {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ProtocolException("bad_request", "Missing '" + field + "'.", ref);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ProtocolException("bad_request", "'" + field + "' must be a string.", ref);
        }
        return value.asText();
    }

    private static Long number(ObjectNode frame, String field) throws ProtocolException {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ProtocolException("bad_request", "'" + field + "' must be a whole number.", null);
        }
        return value.asLong();
    }

    private static long id(ObjectNode frame) throws ProtocolException {
        Long id = number(frame, "id");
        if (id == null) {
            throw new ProtocolException("bad_request", "Missing 'id'.", null);
        }
        return id;
    }

    private static boolean bool(ObjectNode frame, String field) throws ProtocolException {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ProtocolException("bad_request", "'" + field + "' must be true or false.", null);
        }
        return value.asBoolean();
    }
}
