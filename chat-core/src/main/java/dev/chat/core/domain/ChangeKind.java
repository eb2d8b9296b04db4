package dev.chat.core.domain;

/** What a {@link Change} did to a message. */
public enum ChangeKind {
    /** Its author gave it a new text. */
    EDITED,
    /** Its author, a moderator or owner of its room, or an admin deleted it. */
    DELETED,
    /** Someone added or removed a reaction. */
    REACTED
}
