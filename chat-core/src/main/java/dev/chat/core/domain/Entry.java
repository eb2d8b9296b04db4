package dev.chat.core.domain;

/**
 * One numbered position of a room's history: a message written there ({@link Message}, at its id), or a change
 * made there to an earlier message ({@link Change}). Each room numbers its positions 1, 2, 3, … in the order they
 * were stored, without gaps and without reuse, whichever node stored them: a reader that has every position up to
 * n has everything that happened in the room up to n.
 */
public sealed interface Entry permits Message, Change {

    RoomName room();

    /** Where in the room's history this happened. */
    long position();
}
