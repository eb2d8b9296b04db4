package dev.chat.adapters.netty;

/**
 * A decoded client frame, its values as sent: the socket handler parses them into domain values when it runs the frame,
 * in turn with the others.
 */
sealed interface ClientCommand {

    record Join(String room, Long after) implements ClientCommand {}

    record Leave(String room) implements ClientCommand {}

    record Send(String room, String text, String clientId, Long replyTo) implements ClientCommand {}

    record Edit(String room, long id, String text) implements ClientCommand {}

    record Delete(String room, long id) implements ClientCommand {}

    record React(String room, long id, String emoji, boolean remove) implements ClientCommand {}

    record Read(String room, long id) implements ClientCommand {}

    record Typing(String room, boolean stop) implements ClientCommand {}

    record History(String room, Long before, Long limit) implements ClientCommand {}

    record Ping() implements ClientCommand {}

    /** The frame's {@code type}, as the client wrote it. */
    static String typeOf(ClientCommand command) {
        if (command instanceof Join) {
            return "join";
        } else if (command instanceof Leave) {
            return "leave";
        } else if (command instanceof Send) {
            return "send";
        } else if (command instanceof Edit) {
            return "edit";
        } else if (command instanceof Delete) {
            return "delete";
        } else if (command instanceof React) {
            return "react";
        } else if (command instanceof Read) {
            return "read";
        } else if (command instanceof Typing) {
            return "typing";
        } else if (command instanceof History) {
            return "history";
        }
        return "ping";
    }
}
