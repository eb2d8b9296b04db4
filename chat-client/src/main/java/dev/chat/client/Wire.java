package dev.chat.client;

/** What a room's feed needs of the connection; used on the client's own thread only. */
interface Wire {

    /** Sends the frame on the current socket; false when there is none open (it is sent again after a rejoin). */
    boolean send(String frame);

    /** The current socket, or null: answers meant for an older one are dropped. */
    Object socket();

    /** A room was joined: the connection works, so the backoff starts over. */
    void joinedRoom();
}
