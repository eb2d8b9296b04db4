package dev.chat.adapters.redis;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.out.Fanout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out between nodes over Redis pub/sub, one channel per topic ({@code <prefix>room:general}), so a
 * node only receives the rooms it has readers in.
 *
 * <p>An event reaches this node's own subscribers at once, on the publishing thread, whatever Redis is
 * doing; other nodes get it through Redis and skip their own. Publishing never waits for Redis: events go
 * to a bounded queue that one thread sends in pipelined batches (one round trip for up to
 * {@value #BATCH} events), which keeps their order and makes tens of thousands of events per second cheap.
 *
 * <p>When Redis is unreachable the queue is dropped rather than held (the store has every message), the
 * loss is logged once, and the topics that lost events are remembered. When Redis answers again, this
 * node tells those topics' other nodes to read from the store ({@code resync}), and every resubscribed
 * topic of its own reads from the store too, so nothing acknowledged is silently never delivered.
 */
public final class RedisFanout implements Fanout, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisFanout.class);
    static final int BATCH = 1_000;
    private static final int QUEUE = 100_000;

    private final RedissonClient redisson;
    private final String prefix;
    private final String nodeId;
    private final RedisHealth health;
    private final LocalFanout local;
    private final ConcurrentMap<String, Remote> remote = new ConcurrentHashMap<>();
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Topics whose events did not reach Redis; told to resync once it answers again. Guarded by itself. */
    private final Set<String> undelivered = new HashSet<>();

    private final AtomicLong dropped = new AtomicLong();
    private final AtMostEvery resubscribeLog = new AtMostEvery(Duration.ofSeconds(10));
    private final AtMostEvery overflowLog = new AtMostEvery(Duration.ofSeconds(10));
    /** Resyncs make every other node read the store; under overload they go out at most once a second. */
    private final AtMostEvery resyncs = new AtMostEvery(Duration.ofSeconds(1));

    private final Thread publisher;
    private volatile boolean closed;

    RedisFanout(RedissonClient redisson, String prefix, String nodeId, RedisHealth health) {
        this.redisson = redisson;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.health = health;
        this.local = new LocalFanout(new LocalFanout.TopicObserver() {
            @Override
            public void firstSubscribed(String topic) {
                remote.put(topic, new Remote(topic));
            }

            @Override
            public void lastUnsubscribed(String topic) {
                Remote gone = remote.remove(topic);
                if (gone != null) {
                    gone.close();
                }
            }
        });
        this.publisher = new Thread(this::publishLoop, "redis-fanout-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    private record Outgoing(String topic, String payload) {}

    @Override
    public void publish(ChatEvent event) {
        local.publish(event);
        if (!queue.offer(new Outgoing(event.topic(), EventCodec.encode(nodeId, event)))) {
            // The store still has every message; other nodes read it back once told to resync.
            dropped.incrementAndGet();
            if (overflowLog.due()) {
                log.warn(
                        "Events are published faster than Redis takes them; dropped {} so far (other nodes read "
                                + "what they missed from the store)",
                        dropped.get());
            }
            synchronized (undelivered) {
                undelivered.add(event.topic());
            }
        }
    }

    /**
     * Subscribes locally at once and, for a topic new to this node, waits (one round trip) until Redis
     * confirms the channel subscription, so that every event published afterwards arrives. While Redis is
     * unreachable it does not wait: the subscription is made when Redis returns, followed by a catch-up.
     */
    @Override
    public Subscription subscribe(String topic, Subscriber subscriber) {
        Subscription subscription = local.subscribe(topic, subscriber);
        Remote channel = remote.get(topic);
        if (channel != null && health.isUp()) {
            try {
                channel.messages.get(health.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                health.failed(e.getCause() == null ? e : e.getCause());
            }
        }
        return subscription;
    }

    /** A reconnection can be too quick for any command to fail; it is still logged, once per burst. */
    private void resubscribed() {
        if (resubscribeLog.due()) {
            log.info("Redis subscriptions were re-made after a lost connection; catching up from the store");
        }
    }

    /** Events this node could not hand to Redis since it started. */
    public long droppedEvents() {
        return dropped.get();
    }

    private String channel(String topic) {
        return prefix + topic;
    }

    private void receive(String topic, String payload) {
        EventCodec.Envelope envelope;
        try {
            envelope = EventCodec.decode(payload);
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed event on {}: {}", channel(topic), e.getMessage());
            return;
        }
        if (envelope.origin().equals(nodeId)) {
            return;
        }
        if (envelope.isResync()) {
            local.announcePossibleLoss(topic);
        } else if (envelope.event().topic().equals(topic)) {
            local.publish(envelope.event());
        } else {
            log.warn(
                    "Ignoring an event for {} that arrived on {}",
                    envelope.event().topic(),
                    channel(topic));
        }
    }

    /**
     * This node's subscription to one topic's channel, made and ended without waiting on Redis.
     *
     * <p>Its two listeners are added one after the other, never both at once: Redisson 3.52 reports a listener
     * added while another add to the same channel fails (Redis away) as added, to a subscription that no longer
     * exists, and the channel then stays deaf after Redis returns (a room first opened on a node during an outage
     * never heard the other nodes again). If either add fails, both are removed and the whole subscription is
     * made again when Redis is back.
     */
    private final class Remote {

        private final String topic;
        private final RTopic channel;
        private final CompletableFuture<Integer> status;
        private final CompletableFuture<Integer> messages;
        /** Set once both listeners are on; a subscription confirmed after that is a resubscription. */
        private volatile boolean listening;

        Remote(String topic) {
            this.topic = topic;
            this.channel = redisson.getTopic(channel(topic), StringCodec.INSTANCE);
            this.status = channel.addListenerAsync(new StatusListener() {
                        @Override
                        public void onSubscribe(String name) {
                            // Redisson re-made the subscription on a new connection: what was published meanwhile
                            // did not arrive. (The first confirmation is caught up from when both listeners are on.)
                            if (listening) {
                                resubscribed();
                                local.announcePossibleLoss(topic);
                            }
                        }

                        @Override
                        public void onUnsubscribe(String name) {}
                    })
                    .toCompletableFuture();
            MessageListener<String> listener = (name, payload) -> receive(topic, payload);
            this.messages = status.thenCompose(
                    id -> channel.addListenerAsync(String.class, listener).toCompletableFuture());
            messages.whenComplete((id, failure) -> {
                if (failure == null) {
                    listening = true;
                    // Events published before now did not arrive, and the readers may have learnt where the room
                    // stood before that: a subscription is confirmed late when Redis was away or slow as the room
                    // was opened, or when it is made again after a failed one. So the readers catch up from the
                    // store, which costs one read of the room's newest position when nothing was missed.
                    local.announcePossibleLoss(topic);
                } else {
                    health.failed(
                            failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure);
                    close();
                    // Not subscribed: made again, with a catch-up, when Redis is back.
                    health.whenBack(this::retry);
                }
            });
        }

        private void retry() {
            if (remote.get(topic) == this) {
                // The new subscription has the readers catch up once Redis confirms it, not before.
                Remote again = new Remote(topic);
                if (!remote.replace(topic, this, again)) {
                    again.close();
                }
            }
        }

        void close() {
            messages.thenAccept(id -> channel.removeListenerAsync(id));
            status.thenAccept(id -> channel.removeListenerAsync(id));
        }
    }

    private void publishLoop() {
        List<Outgoing> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Outgoing first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (health.probe()) {
                        announceResyncs();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("The Redis publisher failed; continuing", e);
                batch.clear();
            }
        }
    }

    private void send(List<Outgoing> batch) {
        if (!health.isUp() && !health.probe()) {
            forget(batch);
            return;
        }
        RBatch pipeline = redisson.createBatch(BatchOptions.defaults()
                .skipResult()
                .retryAttempts(0)
                .responseTimeout(health.timeout().toMillis(), TimeUnit.MILLISECONDS));
        for (Outgoing out : batch) {
            pipeline.getTopic(channel(out.topic()), StringCodec.INSTANCE).publishAsync(out.payload());
        }
        try {
            RedisCalls.await(pipeline.executeAsync(), health.timeout().multipliedBy(2));
            health.succeeded();
            announceResyncs();
        } catch (RuntimeException e) {
            health.failed(e);
            forget(batch);
        }
    }

    private void forget(List<Outgoing> batch) {
        dropped.addAndGet(batch.size());
        synchronized (undelivered) {
            batch.forEach(out -> undelivered.add(out.topic()));
        }
    }

    /** Tells other nodes to read from the store for every topic whose events this node could not send. */
    private void announceResyncs() {
        List<String> topics;
        synchronized (undelivered) {
            if (undelivered.isEmpty() || !resyncs.due()) {
                return;
            }
            topics = List.copyOf(undelivered);
            undelivered.clear();
        }
        RBatch pipeline = redisson.createBatch(BatchOptions.defaults()
                .skipResult()
                .retryAttempts(0)
                .responseTimeout(health.timeout().toMillis(), TimeUnit.MILLISECONDS));
        String resync = EventCodec.encodeResync(nodeId);
        topics.forEach(
                topic -> pipeline.getTopic(channel(topic), StringCodec.INSTANCE).publishAsync(resync));
        try {
            RedisCalls.await(pipeline.executeAsync(), health.timeout().multipliedBy(2));
            log.debug("Asked other nodes to read {} topic(s) from the store", topics.size());
        } catch (RuntimeException e) {
            health.failed(e);
            synchronized (undelivered) {
                undelivered.addAll(topics);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        publisher.interrupt();
        try {
            publisher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remote.values().forEach(Remote::close);
        remote.clear();
    }
}
