package dev.chat.core.memory;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhooks in maps; lost when the process ends. */
public final class InMemoryWebhookStore implements WebhookStore {

    private record Lease(String holder, Instant until) {}

    private final Map<String, Webhook> webhooks = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, Deque<WebhookAttempt>> logs = new HashMap<>();

    @Override
    public synchronized void save(Webhook webhook) {
        webhooks.put(webhook.id(), webhook);
    }

    @Override
    public synchronized Optional<Webhook> find(String id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    @Override
    public synchronized List<Webhook> listOf(RoomName room) {
        return webhooks.values().stream().filter(w -> w.room().equals(room)).toList();
    }

    @Override
    public synchronized List<Webhook> outgoing() {
        return webhooks.values().stream()
                .filter(w -> w.kind() == Webhook.Kind.OUTGOING)
                .toList();
    }

    @Override
    public synchronized Optional<Webhook> delete(RoomName room, String id) {
        Webhook found = webhooks.get(id);
        if (found == null || !found.room().equals(room)) {
            return Optional.empty();
        }
        forget(id);
        return Optional.of(found);
    }

    @Override
    public synchronized void deleteRoom(RoomName room) {
        for (Webhook webhook : listOf(room)) {
            forget(webhook.id());
        }
    }

    @Override
    public synchronized void moveRoom(RoomName from, RoomName to) {
        for (Webhook webhook : listOf(from)) {
            webhooks.put(webhook.id(), webhook.inRoom(to));
        }
    }

    @Override
    public synchronized boolean lease(String id, String holder, Instant now, Instant until) {
        if (!webhooks.containsKey(id)) {
            return false;
        }
        Lease current = leases.get(id);
        if (current != null
                && !current.holder().equals(holder)
                && !current.until().isBefore(now)) {
            return false;
        }
        leases.put(id, new Lease(holder, until));
        return true;
    }

    @Override
    public synchronized void release(String id, String holder) {
        Lease current = leases.get(id);
        if (current != null && current.holder().equals(holder)) {
            leases.remove(id);
        }
    }

    @Override
    public synchronized boolean advance(String id, long from, long to) {
        Webhook webhook = webhooks.get(id);
        if (webhook == null || webhook.cursor() != from) {
            return false;
        }
        webhooks.put(id, webhook.atCursor(to));
        return true;
    }

    @Override
    public synchronized void record(String id, WebhookAttempt attempt) {
        if (!webhooks.containsKey(id)) {
            return;
        }
        Deque<WebhookAttempt> log = logs.computeIfAbsent(id, k -> new ArrayDeque<>());
        log.addFirst(attempt);
        while (log.size() > LOG_SIZE) {
            log.removeLast();
        }
    }

    @Override
    public synchronized List<WebhookAttempt> log(String id) {
        return new ArrayList<>(logs.getOrDefault(id, new ArrayDeque<>()));
    }

    private void forget(String id) {
        webhooks.remove(id);
        leases.remove(id);
        logs.remove(id);
    }
}
