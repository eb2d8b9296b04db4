package dev.chat.core.service;

import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * This node's room hubs: one per room somebody here is in, shared by every membership of that room, subscribed
 * while it is held and stopped when the last holder lets go. A closed hub (its room deleted or renamed) serves no
 * one again: a room made later under the same name gets a new hub, while the old one's holders let go of it.
 */
final class HubRegistry {

    private final MessageStore store;
    private final Fanout fanout;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final Consumer<RoomName> roomGone;
    private final Consumer<RoomHub> possibleLoss;
    private final Object lock = new Object();
    private final Map<RoomName, RoomHub> hubs = new HashMap<>();
    /** How many hold each hub, the closed ones included until they are let go. */
    private final Map<RoomHub, Integer> holders = new IdentityHashMap<>();

    /**
     * {@code roomGone} runs when a hub learns its room was deleted or renamed; {@code possibleLoss} when the
     * fan-out may have lost one of its room's events (both on the worker).
     */
    HubRegistry(
            MessageStore store,
            Fanout fanout,
            Executor worker,
            ScheduledExecutorService scheduler,
            Consumer<RoomName> roomGone,
            Consumer<RoomHub> possibleLoss) {
        this.store = store;
        this.fanout = fanout;
        this.worker = worker;
        this.scheduler = scheduler;
        this.roomGone = roomGone;
        this.possibleLoss = possibleLoss;
    }

    /** The room's hub, started, held once more by the caller, who lets go of it with {@link #release}. */
    RoomHub acquire(RoomName room) {
        RoomHub hub;
        synchronized (lock) {
            hub = hubs.get(room);
            if (hub == null || hub.isClosed()) {
                hub = new RoomHub(room, store, worker, scheduler, this::closed, possibleLoss);
                hubs.put(room, hub);
            }
            holders.merge(hub, 1, Integer::sum);
        }
        try {
            hub.start(fanout);
        } catch (RuntimeException e) {
            release(hub);
            throw e;
        }
        return hub;
    }

    void release(RoomHub hub) {
        synchronized (lock) {
            Integer left = holders.merge(hub, -1, Integer::sum);
            if (left != null && left <= 0) {
                holders.remove(hub);
                hubs.remove(hub.room(), hub);
                hub.stop();
            }
        }
    }

    private void closed(RoomHub hub) {
        roomGone.accept(hub.room());
        synchronized (lock) {
            hubs.remove(hub.room(), hub);
        }
    }

    /** The hubs that serve a room now. */
    List<RoomHub> active() {
        synchronized (lock) {
            return List.copyOf(hubs.values());
        }
    }

    /** The rooms somebody on this node is in. */
    List<RoomName> rooms() {
        synchronized (lock) {
            return List.copyOf(hubs.keySet());
        }
    }

    /** How many rooms this node is subscribed to: idle rooms cost nothing. */
    int size() {
        synchronized (lock) {
            return hubs.size();
        }
    }

    /** Stops every hub (the node is stopping). */
    void stopAll() {
        synchronized (lock) {
            holders.keySet().forEach(RoomHub::stop);
            holders.clear();
            hubs.clear();
        }
    }
}
