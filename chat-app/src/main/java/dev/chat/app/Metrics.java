package dev.chat.app;

import dev.chat.adapters.netty.NettyChatServer;
import dev.chat.adapters.netty.ServerTelemetry;
import dev.chat.core.port.out.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The server's figures in a Micrometer registry, exposed in Prometheus's text format: the core's {@link Telemetry}
 * and the adapter's {@link ServerTelemetry} bound to counters and timers, gauges read from the server, and the
 * standard JVM, process and Netty allocator binders. Names follow Prometheus's conventions once exported
 * ({@code chat_..._total}, {@code _seconds}, {@code _bytes}); no label names a user or a room. Every metric is listed
 * with its meaning in {@code docs/operations.md}.
 */
final class Metrics implements Telemetry, ServerTelemetry, AutoCloseable {

    /** Buckets of the ack latency histogram: fine below the 50 ms the posts' target allows, coarse above. */
    private static final Duration[] ACK_BUCKETS = {
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5)
    };

    /** Buckets of the latency histograms other than the ack's: from a millisecond to the ack bound's tens. */
    private static final Duration[] STORE_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(25),
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofMillis(2500)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final String dataStore;
    private final String busStore;

    private final Counter stored;
    private final Counter delivered;
    private final Counter joins;
    private final Counter recovered;
    private final Counter rateLimited;
    private final Counter opened;
    private final Timer ack;
    private final Timer fanoutLag;
    private final Map<Telemetry.SignIn, Counter> signIns = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closed = new ConcurrentHashMap<>();
    private final Map<String, Timer> portCalls = new ConcurrentHashMap<>();
    private final Map<String, Timer> portErrors = new ConcurrentHashMap<>();

    /**
     * @param dataStore the store of accounts, rooms and messages ({@code sqlite}, {@code dynamodb}): the
     *     {@code store} label of their calls
     * @param busStore what carries presence, limits and events between nodes ({@code redis}, {@code memory})
     */
    Metrics(String dataStore, String busStore) {
        this.dataStore = dataStore;
        this.busStore = busStore;
        MeterRegistry r = registry;
        stored = Counter.builder("chat.messages.stored")
                .description("Messages stored (posts acknowledged; resends not counted)")
                .register(r);
        delivered = Counter.builder("chat.deliveries")
                .description("Messages and changes to messages handed to a connection from a room's live feed")
                .register(r);
        joins = Counter.builder("chat.joins")
                .description("Rooms joined by connections")
                .register(r);
        recovered = Counter.builder("chat.recovered.messages")
                .description("Messages replayed from the store to connections that joined with a position")
                .register(r);
        rateLimited = Counter.builder("chat.rate.limited")
                .description("Posts refused because their author sent too fast")
                .register(r);
        opened = Counter.builder("chat.connections.opened")
                .description("WebSocket connections opened")
                .register(r);
        ack = Timer.builder("chat.ack.latency")
                .description("From a send frame read to its ack handed to the connection's writer")
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(r);
        fanoutLag = Timer.builder("chat.fanout.lag")
                .description("From a message stored to its arrival from the fan-out on this node (clocks of two nodes)")
                .serviceLevelObjectives(STORE_BUCKETS)
                .register(r);
        new JvmMemoryMetrics().bindTo(r);
        gc.bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        new FileDescriptorMetrics().bindTo(r);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(r);
    }

    /** Gauges read from the running server: open connections, bytes waiting for slow readers. */
    void watch(NettyChatServer server) {
        Gauge.builder("chat.connections.open", server, NettyChatServer::openSockets)
                .description("WebSocket connections open")
                .register(registry);
        Gauge.builder("chat.outbound.queued", server, NettyChatServer::queuedBytes)
                .description("Bytes waiting to be written to WebSocket clients")
                .baseUnit("bytes")
                .register(registry);
    }

    /** A gauge of whether the fan-out (Redis) is reachable: 1 or 0. */
    void watchFanout(BooleanSupplier connected) {
        Gauge.builder("chat.fanout.connected", connected, c -> c.getAsBoolean() ? 1 : 0)
                .description("1 while this node reaches Redis, which carries events, presence and limits")
                .register(registry);
    }

    /** Every figure in Prometheus's text exposition format. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void messageStored() {
        stored.increment();
    }

    @Override
    public void delivered() {
        delivered.increment();
    }

    @Override
    public void recovered(int messages) {
        recovered.increment(messages);
    }

    @Override
    public void joined() {
        joins.increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void signIn(Telemetry.SignIn outcome) {
        signIns.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("chat.sign.ins")
                                .description(
                                        "Sign-ins with a password (and password checks of a password change), by outcome")
                                .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                                .register(registry))
                .increment();
    }

    @Override
    public void portCall(String port, String operation, long nanos, boolean failed) {
        Map<String, Timer> timers = failed ? portErrors : portCalls;
        Timer timer = timers.get(port + '.' + operation);
        if (timer == null) {
            timer = timers.computeIfAbsent(
                    port + '.' + operation,
                    k -> Timer.builder("chat.store.call")
                            .description(
                                    "Calls to the stores, the fan-out and the limits, by port, operation and outcome")
                            .tags("store", storeOf(port), "port", port, "operation", operation)
                            .tag("outcome", failed ? "error" : "ok")
                            .serviceLevelObjectives(STORE_BUCKETS)
                            .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private String storeOf(String port) {
        return switch (port) {
            case "presence", "limits", "fanout" -> busStore;
            default -> dataStore;
        };
    }

    @Override
    public void fanoutReceived(long lagNanos) {
        fanoutLag.record(lagNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void opened() {
        opened.increment();
    }

    @Override
    public void closed(int code) {
        closed.computeIfAbsent(
                        code,
                        c -> Counter.builder("chat.connections.closed")
                                .description(
                                        "WebSocket connections ended, by the close code the server sent (none: the "
                                                + "client closed or the connection broke)")
                                .tag("code", c == 0 ? "none" : Integer.toString(c))
                                .register(registry))
                .increment();
    }

    @Override
    public void frameIn(String type) {
        count(framesIn, type, "chat.frames.in", "type", "Frames read from WebSocket clients, by type");
    }

    @Override
    public void frameOut(String type) {
        count(framesOut, type, "chat.frames.out", "type", "Frames written to WebSocket clients, by type");
    }

    @Override
    public void acked(long nanos) {
        ack.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(String code) {
        count(refused, code, "chat.refused", "code", "Requests answered with an error frame, by its code");
    }

    private void count(Map<String, Counter> counters, String value, String name, String tag, String description) {
        Counter counter = counters.get(value);
        if (counter == null) {
            Function<String, Counter> make = v ->
                    Counter.builder(name).description(description).tag(tag, v).register(registry);
            counter = counters.computeIfAbsent(value, make);
        }
        counter.increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
