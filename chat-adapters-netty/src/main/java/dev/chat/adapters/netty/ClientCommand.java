package dev.chat.adapters.netty;

/** A decoded client frame. Field values are as sent; the core validates them. */
sealed interface ClientCommand {

    record Join(String room, Long after) implements ClientCommand {}

    record Leave(String room) implements ClientCommand {}

    record Send(String room, String text, String clientId) implements ClientCommand {}

    record Typing(String room, boolean stop) implements ClientCommand {}

    record History(String room, Long before, Integer limit) implements ClientCommand {}

    record Ping() implements ClientCommand {}
}
