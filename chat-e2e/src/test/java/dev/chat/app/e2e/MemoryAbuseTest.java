package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.testsupport.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on memory and on the shared threads, against one server process with a 256 MiB heap
 * ({@link NodeProcess}, {@code -Xmx256m}): during each, a normal user sends a message and asks {@code /healthz}
 * every 100 ms ({@link NormalUser}) and must get every answer, the 99th percentile within 100 ms; after each,
 * the node's live heap must be back under {@value #LIVE_HEAP_MIB} MiB. Clients at many addresses come through a
 * trusted proxy (loopback), as behind a load balancer.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryAbuseTest {

    private static final long LIVE_HEAP_MIB = 96;
    private static final double P99_MILLIS = 100;
    /** A message of 4,000 characters, the most one may have: what makes a reply big. */
    private static final String BIG = "x".repeat(3_990);

    private NodeProcess node;
    private Api api;
    private NormalUser ana;
    private String root;

    @BeforeAll
    void startNode(@TempDir Path dir) throws Exception {
        node = NodeProcess.startAll(
                        1,
                        dir,
                        List.of(
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--rate-limit",
                                "0",
                                "--trusted-proxies",
                                "127.0.0.1",
                                "--admins",
                                "root",
                                "--guests",
                                "true"))
                .get(0);
        api = new Api(node.port());
        NodeProcess.operator(List.of("--data-dir", dir.resolve("data").toString()), "create", "root", "root-password");
        root = api.login("root", "root-password");
        assertThat(api.post("/api/rooms", "{\"name\":\"big\"}", root).status()).isEqualTo(201);
        try (WsClient poster = WsClient.connect(node.port(), root)) {
            poster.join("big");
            for (int i = 0; i < 150; i++) {
                poster.send("type", "send", "room", "big", "text", i + " " + BIG, "clientId", "big-" + i);
            }
            for (int i = 0; i < 150; i++) {
                poster.awaitType("ack");
            }
        }
        ana = new NormalUser(node.port(), api.signUp("ana", "ana-password"));
    }

    @AfterAll
    void stopNode() throws Exception {
        if (ana != null) {
            ana.close();
        }
        if (node != null) {
            System.out.println("--- log of " + node + "\n"
                    + String.join(
                            "\n",
                            node.logLines().stream()
                                    .filter(l -> !l.contains("DEBUG"))
                                    .limit(300)
                                    .toList()));
            node.close();
        }
    }

    @BeforeEach
    void measureAfresh() throws InterruptedException {
        Thread.sleep(500);
        ana.reset();
    }

    @AfterEach
    void theNodeServedTheUserAndLetGo() {
        System.out.println("normal user: " + ana);
        assertThat(node.isAlive()).as("the node is alive").isTrue();
        assertThat(ana.failures()).as("every probe answered").isEmpty();
        assertThat(ana.probes()).as("probes made").isGreaterThan(20);
        assertThat(ana.p99Millis()).as("the user's p99 round trip, ms").isLessThan(P99_MILLIS);
        long live = node.liveHeapBytes();
        System.out.printf(Locale.ROOT, "live heap after the attack: %.1f MiB%n", live / 1048576.0);
        assertThat(live).as("live heap after the attack").isLessThan(LIVE_HEAP_MIB * 1024 * 1024);
    }

    /**
     * Finding 1. Before: the static-file lookup remembered every path it was asked for, found or not; 60,000
     * distinct missing paths of 3,500 characters (210 MB of names) filled the heap and the node stopped answering.
     */
    @Test
    @Order(1)
    void sixty_thousand_distinct_missing_paths_are_answered_404_and_not_remembered() throws Exception {
        int connections = 2;
        int perConnection = 30_000;
        AtomicInteger notFound = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            done.add(pool.submit(() -> {
                missingPaths(connection, perConnection, notFound);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(notFound.get()).isEqualTo(connections * perConnection);
    }

    /** Keep-alive requests for distinct missing paths, 50 pipelined at a time, each answer read. */
    private void missingPaths(int connection, int count, AtomicInteger notFound) throws Exception {
        String padding = "p".repeat(3_500);
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65_536);
            for (int sent = 0; sent < count; sent += 50) {
                StringBuilder batch = new StringBuilder();
                for (int i = sent; i < Math.min(count, sent + 50); i++) {
                    batch.append("GET /missing/")
                            .append(connection)
                            .append('/')
                            .append(i)
                            .append('/')
                            .append(padding)
                            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                }
                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                for (int i = sent; i < Math.min(count, sent + 50); i++) {
                    if (status(in) == 404) {
                        notFound.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Reads one response and returns its status. */
    private static int status(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed the connection");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(text.split(" ")[1]);
    }

    /**
     * Finding 7, half of it. Before: 200 sockets that never read each asked for 50 pages of history (400 KB a
     * page, 4,000-character messages); the replies piled up in the node's buffers, 4 MiB a socket and more, and
     * filled its memory. Now a socket gets its next page only once less than 256 KB waits for it.
     */
    @Test
    @Order(2)
    void two_hundred_sockets_that_never_read_hold_one_reply_each_not_everything_they_asked_for() throws Exception {
        List<AbuseTest.RawSocket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String address = "203.0.113." + (i % 250 + 1);
                String token = guest(address);
                AbuseTest.RawSocket socket = AbuseTest.RawSocket.upgrade(node.port(), token, 4_096, address);
                silent.add(socket);
                List<String> frames = new ArrayList<>();
                frames.add("{\"type\":\"join\",\"room\":\"big\"}");
                for (int page = 0; page < 50; page++) {
                    frames.add("{\"type\":\"history\",\"room\":\"big\",\"limit\":100}");
                }
                socket.texts(frames);
            }
            Thread.sleep(8_000);
            assertThat(node.isAlive()).isTrue();
        } finally {
            for (AbuseTest.RawSocket socket : silent) {
                socket.close();
            }
        }
    }

    /**
     * Finding 7, the other half. Before: 250 {@code join} frames asking for the room from its start (150
     * messages of 4,000 characters each time) were answered in full, 37,500 messages, 150 MB for 9 KB sent.
     * Now what a connection has read for it is paced: 10,000 messages at once, then 1,000 a second.
     */
    @Test
    @Order(3)
    @SuppressWarnings("try") // the socket is closed early on purpose, to stop the count at the end of the window
    void two_hundred_and_fifty_joins_replaying_a_room_are_paced_instead_of_answered_in_full() throws Exception {
        String token = guest("198.51.100.250");
        AtomicLong messages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long seconds = 8;
        try (AbuseTest.RawSocket amplifier = AbuseTest.RawSocket.upgrade(node.port(), token, 0, "198.51.100.250")) {
            List<String> joins = new ArrayList<>();
            // Fewer than the 256 frames that may wait at once: more would be a flood, closed with 1008.
            for (int i = 0; i < 250; i++) {
                joins.add("{\"type\":\"join\",\"room\":\"big\",\"after\":0}");
            }
            amplifier.setTimeout(0);
            Thread reader = new Thread(
                    () -> {
                        try {
                            while (true) {
                                String frame = amplifier.textFrame();
                                bytes.addAndGet(frame.length());
                                if (frame.startsWith("{\"type\":\"message\"")) {
                                    messages.incrementAndGet();
                                }
                            }
                        } catch (Exception closed) {
                            // The test hung up.
                        }
                    },
                    "amplifier-reader");
            reader.start();
            amplifier.texts(joins);
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            amplifier.close();
            reader.join(5_000);
        }
        System.out.printf(
                Locale.ROOT, "replayed in %d s: %d messages, %.1f MB%n", seconds, messages.get(), bytes.get() / 1e6);
        assertThat(messages.get())
                .as("messages replayed in %d s (10,000 at once, then 1,000 a second)", seconds)
                .isGreaterThan(1_000)
                .isLessThanOrEqualTo(10_000 + 1_000 * (seconds + 1));
    }

    /**
     * Finding 4, the other half. Before: sign-ins hashed their Argon2 on the workers that run everyone's
     * messages, and a flood of them (known names or not) made another user's send wait seconds for its ack. Now
     * hashing has a pool of its own; past its queue a sign-in is told to try again in a moment.
     */
    @Test
    @Order(4)
    void a_flood_of_sign_ins_from_many_addresses_does_not_delay_anyone_elses_messages() throws Exception {
        int threads = 8;
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        List<Future<?>> flooders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            flooders.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    int n = next.incrementAndGet();
                    String address = "10." + (n / 65_536 % 256) + "." + (n / 256 % 256) + "." + (n % 256);
                    Api.Response r = api.from(address)
                            .post("/api/login", Api.credentials(n % 2 == 0 ? "ana" : "nobody" + n, "guess-" + n), null);
                    answered.incrementAndGet();
                    if (r.status() == 503) {
                        busy.incrementAndGet();
                    } else if (r.status() == 429) {
                        // ana's name from addresses she never used: throttled after 50 failures in an hour.
                        throttled.incrementAndGet();
                    } else {
                        assertThat(r.status()).isEqualTo(401);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : flooders) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf(
                Locale.ROOT,
                "sign-ins answered: %d, told to try again: %d, throttled: %d%n",
                answered.get(),
                busy.get(),
                throttled.get());
        assertThat(answered.get()).isGreaterThan(20);
    }

    /** A guest's token, signed in from {@code address} (guests cost no password hashing). */
    private String guest(String address) {
        Api.Response guest = api.from(address).post("/api/guest", "{}", null);
        assertThat(guest.status()).as("a guest from %s", address).isEqualTo(200);
        return guest.body().get("token").asText();
    }
}
