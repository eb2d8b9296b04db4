package dev.chat.core.service;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.out.LimitStore;
import java.util.concurrent.atomic.AtomicBoolean;

/** A place under the connection limits, for one connection: used once, given back once. */
final class Ticket implements Live.Admission {

    final Principal who;
    final ClientAddress from;
    private final LimitStore.Hold hold;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    Ticket(Principal who, ClientAddress from, LimitStore.Hold hold) {
        this.who = who;
        this.from = from;
        this.hold = hold;
    }

    @Override
    public Principal principal() {
        return who;
    }

    /** Takes the ticket for a connection: false when it was given back or used already. */
    boolean use() {
        return !released.get() && connected.compareAndSet(false, true);
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            hold.close();
        }
    }
}
