package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Someone using the chat while it is under attack: every 100 ms, one message sent and its ack awaited, and one
 * {@code GET /healthz}; both timed. A probe that gets no answer within 5 s is a failure (the node stopped
 * answering), and the probing goes on with a new connection.
 */
final class NormalUser implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(100);
    private static final Duration GIVE_UP = Duration.ofSeconds(5);

    private final int port;
    private final String token;
    private final Api api;
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private WsClient socket;
    private int sent;

    /** Starts probing as the user of {@code token}, who may post in {@code general}. */
    NormalUser(int port, String token) {
        this.port = port;
        this.token = token;
        this.api = new Api(port);
        this.thread = new Thread(this::probe, "normal-user");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        while (running) {
            long started = System.nanoTime();
            try {
                if (socket == null) {
                    socket = WsClient.connect(port, token);
                    socket.join("general");
                }
                String clientId = "probe-" + (++sent);
                long t0 = System.nanoTime();
                socket.send("type", "send", "room", "general", "text", "still here " + sent, "clientId", clientId);
                JsonNode ack = socket.await(
                        GIVE_UP,
                        f -> "ack".equals(f.path("type").asText())
                                && clientId.equals(f.path("clientId").asText()));
                nanos.add(System.nanoTime() - t0);
                long t1 = System.nanoTime();
                if (api.get("/healthz", null).status() != 200) {
                    failures.add("healthz not 200");
                }
                nanos.add(System.nanoTime() - t1);
                if (ack == null) {
                    failures.add("no ack");
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e.toString().lines().findFirst().orElse(""));
                if (socket != null) {
                    socket.abort();
                    socket = null;
                }
            }
            long rest = EVERY.toNanos() - (System.nanoTime() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The 99th percentile of every round trip timed so far, in milliseconds. */
    double p99Millis() {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
    }

    int probes() {
        return nanos.size();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Forgets what was timed, to measure the next stretch alone. */
    void reset() {
        nanos.clear();
        failures.clear();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%d round trips, p99 %.1f ms, %d failures %s",
                probes(),
                p99Millis(),
                failures.size(),
                failures.subList(0, Math.min(5, failures.size())));
    }
}
