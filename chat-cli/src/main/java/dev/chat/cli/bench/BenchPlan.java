package dev.chat.cli.bench;

/**
 * Who is who in a run. Client {@code i} joins room {@code i % rooms}; the first {@code rooms × senders}
 * clients are the senders (sender {@code g} is in room {@code g / senders}), each signed in as a user of its
 * own; the other clients read only and share one user per {@code clientsPerUser}.
 */
record BenchPlan(int clients, int rooms, int sendersPerRoom, int clientsPerUser) {

    BenchPlan {
        if (clients < 1 || rooms < 1 || sendersPerRoom < 0 || clientsPerUser < 1) {
            throw new IllegalArgumentException("clients and rooms must be at least 1, senders at least 0");
        }
        if (clients < rooms) {
            throw new IllegalArgumentException("--clients (" + clients + ") must be at least --rooms (" + rooms + ")");
        }
        if ((long) rooms * sendersPerRoom > clients) {
            throw new IllegalArgumentException("--clients (" + clients
                    + ") must be at least --rooms × --senders-per-room (" + (long) rooms * sendersPerRoom + ")");
        }
    }

    int senders() {
        return rooms * sendersPerRoom;
    }

    int roomOf(int client) {
        return client % rooms;
    }

    /** The client's sender number, or -1 for a reader. */
    int senderOf(int client) {
        if (client >= senders()) {
            return -1;
        }
        return roomOf(client) * sendersPerRoom + client / rooms;
    }

    int userOf(int client) {
        if (client < senders()) {
            return client;
        }
        return senders() + (client - senders()) / clientsPerUser;
    }

    int users() {
        return senders() + (clients - senders() + clientsPerUser - 1) / clientsPerUser;
    }

    /** Connections in the room, senders included: each receives every message of the room. */
    int readers(int room) {
        return clients / rooms + (room < clients % rooms ? 1 : 0);
    }
}
