package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.e2e.FaultSchedule.Step;
import dev.chat.testsupport.Dynalite;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery promise under the faults production sees. Three server processes share Redis (fan-out) and a
 * DynamoDB-compatible store (dynalite) behind a TCP load balancer; eleven clients written by the book
 * ({@link ChaosClient}) talk in three rooms (the third one private, with every client a member) for a bounded time
 * while a fault schedule runs, the writers also editing, deleting and reacting; then every fault is healed, every
 * client resends what was not acked, each writer edits its newest message last, every client's view is compared with
 * the store once live and once after it joined again, and {@link Ledger} classifies every message. The bar in every
 * run: nothing lost, duplicated, reordered, altered, stale, unacked or acknowledged but unstored.
 *
 * <p>Each run prints its ledger line; the table of all runs goes to {@code target/chaos/ledger.md}. A longer soak:
 * {@code -Dchaos.seconds=600} (traffic time of each run; fault cycles repeat through it), {@code -Dchaos.seed=N} to
 * replay a schedule, {@code -Dchaos.rate=N} messages per second per writer. See docs/reliability.md.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {

    private static final Duration TRAFFIC = Duration.ofSeconds(Long.getLong("chaos.seconds", 12));
    private static final long SEED = Long.getLong("chaos.seed", System.currentTimeMillis());
    private static final int RATE = Integer.getInteger("chaos.rate", 4);
    /** One fault cycle (fault, then heal) in each this long a stretch of traffic. */
    private static final Duration CYCLE = Duration.ofSeconds(12);

    private static final int WRITERS = 9;
    private static final int READERS = 2;
    private static final Duration ACKED_WITHIN = Duration.ofSeconds(60);
    private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(30);
    /** Clock offsets of the three nodes in the runs with skew: one second between the fastest and the slowest. */
    private static final List<Duration> SKEWS = List.of(Duration.ofMillis(-500), Duration.ZERO, Duration.ofMillis(500));

    private Path dir;
    private Dynalite dynamo;
    private RedisServer redis;
    private List<NodeProcess> nodes = List.of();
    private Balancer balancer;
    private Api api;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final List<Ledger.Row> rows = new ArrayList<>();
    private final Random random = new Random(SEED);
    private int runs;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws IOException {
        this.dir = dir;
        System.out.printf(
                "chaos: seed %d (-Dchaos.seed=%d replays the schedules), %d s of traffic per run%n",
                SEED, SEED, TRAFFIC.toSeconds());
        dynamo = Dynalite.startPersistent(dir.resolve("dynamo"));
        redis = RedisServer.start();
        nodes = NodeProcess.startAll(
                3,
                dir,
                List.of(
                        "--store", "dynamodb",
                        "--dynamodb-endpoint", dynamo.endpoint().toString(),
                        "--dynamodb-table-prefix", "chaos-",
                        "--dynamodb-create-tables", "true",
                        "--redis-url", redis.url(),
                        "--rate-limit", "0",
                        "--signups-per-address", "0",
                        "--shutdown-grace", "3s"),
                // Presence changes and joins at debug, so that a wrong list of who is online can be traced.
                Map.of("CHAT_LOG_LEVEL", "DEBUG"));
        Files.createDirectories(Path.of("target", "chaos"));
        // Which node each client's connection went to, and how it ended: a client left waiting is explained there.
        balancer = new Balancer(
                nodes.stream().map(NodeProcess::port).toList(), Path.of("target", "chaos", "balancer.log"));
        System.out.println("chaos: node ports (as in balancer.log) "
                + nodes.stream().map(node -> node.name() + " :" + node.port()).toList());
        api = new Api(balancer.port());
        for (int i = 1; i <= WRITERS; i++) {
            tokens.put("writer" + i, api.signUp("writer" + i, "writer-password"));
        }
        for (int i = 1; i <= READERS; i++) {
            tokens.put("reader" + i, api.signUp("reader" + i, "reader-password"));
        }
        api.signUp("victim", "victim-password");
    }

    @AfterAll
    void stopCluster() throws IOException {
        if (balancer != null) {
            balancer.close();
        }
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        StringBuilder table = new StringBuilder(Ledger.Row.header()).append('\n');
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        Path out = Path.of("target", "chaos");
        Files.createDirectories(out);
        for (NodeProcess node : nodes) {
            // For whoever reads a failure: every node's log of the whole suite.
            Files.copy(
                    dir.resolve(node.name() + ".log"),
                    out.resolve(node.name() + ".log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(Dynalite.log(dir.resolve("dynamo")))) {
            Files.copy(
                    Dynalite.log(dir.resolve("dynamo")),
                    out.resolve("dynalite.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(out.resolve("ledger.md"), table, StandardCharsets.UTF_8);
        System.out.println("chaos ledger (seed " + SEED + "):\n" + table);
    }

    @Test
    @Order(1)
    void kill_9_of_a_node_loses_nothing() throws Exception {
        NodeProcess node = nodes.get(1);
        run(
                "kill -9",
                "node-1 killed with SIGKILL, started again",
                faultCycles(node, "kill -9 node-1", node::kill9, "restart node-1", () -> startAgain(node)),
                Traffic.normal());
    }

    @Test
    @Order(2)
    void a_graceful_stop_of_a_node_loses_nothing() throws Exception {
        NodeProcess node = nodes.get(2);
        run(
                "SIGTERM",
                "node-2 stopped with SIGTERM (drain), started again",
                faultCycles(node, "SIGTERM node-2", node::stop, "restart node-2", () -> startAgain(node)),
                Traffic.normal());
    }

    /**
     * Also: a session signed out on node 0 while Redis is away must have its socket on node 1 closed once Redis is
     * back (before this was checked, it stayed open for good), and every client's list of who is online must be
     * right again after the outage.
     */
    @Test
    @Order(3)
    void redis_stopped_and_restarted_empty_loses_nothing() throws Exception {
        List<Step> schedule =
                new ArrayList<>(faultCycles(redis, "kill redis", redis::kill, "restart redis", redis::restart));
        Revocation revocation = new Revocation();
        long cycle = TRAFFIC.toMillis() / Math.max(1, TRAFFIC.toMillis() / CYCLE.toMillis());
        schedule.add(new Step(
                Duration.ofMillis(cycle * 45 / 100),
                "sign out a session of node 1 on node 0",
                revocation,
                revocation::signOut));
        revocation.open();
        Ledger.Row row =
                run("redis", "redis-server killed, started again empty", schedule, Traffic.normal(), revocation);
        assertThat(row.revoked())
                .as("sockets of sessions signed out while Redis was away, closed")
                .isEqualTo("1/1");
    }

    /** A session with a socket on node 1, signed out on node 0 in the middle of a Redis outage. */
    private final class Revocation {
        private String token;
        private WsClient socket;

        void open() {
            token = new Api(nodes.get(0).port()).login("victim", "victim-password");
            socket = WsClient.connect(nodes.get(1).port(), token);
            socket.join(VICTIM_ROOM);
        }

        void signOut() {
            assertThat(new Api(nodes.get(0).port())
                            .post("/api/logout", "{}", token)
                            .status())
                    .isEqualTo(204);
        }

        /** "1/1" once the socket was closed with 4401 within 30 s of healing, "0/1" otherwise. */
        String closed() throws Exception {
            try {
                return socket.closeCode.get(30, java.util.concurrent.TimeUnit.SECONDS) == 4401 ? "1/1" : "0/1";
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                socket.abort();
                return "0/1";
            }
        }
    }

    @Test
    @Order(4)
    void the_store_stopped_and_restarted_loses_nothing() throws Exception {
        run(
                "store",
                "dynalite killed, started again on its data",
                faultCycles(dynamo, "kill dynalite", dynamo::kill, "restart dynalite", dynamo::restart),
                Traffic.normal());
    }

    @Test
    @Order(5)
    void connections_cut_in_the_middle_of_a_send_lose_nothing() throws Exception {
        int cutsBefore = balancer.cuts();
        Ledger.Row row = run(
                "cut",
                "a client's connection reset every 0.4 s, half a frame or a whole one through",
                cutsEvery(Duration.ofMillis(400)),
                Traffic.normal());
        assertThat(balancer.cuts() - cutsBefore).as("cuts made").isGreaterThan(10);
        assertThat(row.cutInFlight())
                .as("sends in flight when their connection was cut")
                .isPositive();
    }

    @Test
    @Order(6)
    void slow_readers_lose_nothing() throws Exception {
        run(
                "slow reader",
                "both readers behind a link of 2 KB/s, one message in ten of 2,000 characters",
                List.of(),
                Traffic.withSlowReaders());
        assertThat(readersBehind)
                .as("messages the slow readers had yet to receive when the traffic stopped")
                .isGreaterThan(50);
    }

    @Test
    @Order(7)
    void clocks_one_second_apart_lose_nothing() throws Exception {
        restartWithSkews(SKEWS);
        run("clock skew", "node clocks at -0.5 s, 0, +0.5 s", List.of(), Traffic.normal());
        assertThat(lastClockLead)
                .as("how far ahead of the test's clock a stored message's time was: the skew is on")
                .isGreaterThan(Duration.ofMillis(300));
    }

    @Test
    @Order(8)
    void every_fault_mixed_loses_nothing() throws Exception {
        if (!nodes.get(0).skew().equals(SKEWS.get(0))) {
            restartWithSkews(SKEWS);
        }
        List<Step> schedule = new ArrayList<>(mixedFaults());
        schedule.addAll(cutsEvery(Duration.ofSeconds(1)));
        run(
                "mixed",
                "clocks as above, slow readers, cuts every 1 s, kill -9, SIGTERM, redis and store outages "
                        + "at random, overlapping",
                schedule,
                Traffic.withSlowReaders());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The schedule

    /** The fault at 30 % of each cycle, healed at 60 %. */
    private static List<Step> faultCycles(Object target, String fault, Runnable doFault, String heal, Runnable doHeal) {
        List<Step> steps = new ArrayList<>();
        long cycles = Math.max(1, TRAFFIC.toMillis() / CYCLE.toMillis());
        long cycle = TRAFFIC.toMillis() / cycles;
        for (long i = 0; i < cycles; i++) {
            steps.add(new Step(Duration.ofMillis(i * cycle + cycle * 3 / 10), fault, target, doFault));
            steps.add(new Step(Duration.ofMillis(i * cycle + cycle * 6 / 10), heal, target, doHeal));
        }
        return steps;
    }

    private List<Step> cutsEvery(Duration every) {
        List<Step> steps = new ArrayList<>();
        Balancer.Cut[] where = Balancer.Cut.values();
        for (long at = every.toMillis(), i = 0; at < TRAFFIC.toMillis(); at += every.toMillis(), i++) {
            Balancer.Cut cut = where[(int) (i % where.length)];
            steps.add(new Step(Duration.ofMillis(at), "cut " + cut, balancer, () -> balancer.cutOne(random, cut)));
        }
        return steps;
    }

    /**
     * In each stretch of 12 s, the four outages in a random order and at random times, each lasting 1.5 to 4 s,
     * so that they overlap: kill -9 of a node, SIGTERM of another, Redis, the store.
     */
    private List<Step> mixedFaults() {
        List<Step> steps = new ArrayList<>();
        long cycles = Math.max(1, TRAFFIC.toMillis() / CYCLE.toMillis());
        long cycle = TRAFFIC.toMillis() / cycles;
        for (long c = 0; c < cycles; c++) {
            List<Integer> kinds = new ArrayList<>(List.of(0, 1, 2, 3));
            Collections.shuffle(kinds, random);
            List<Integer> victims = new ArrayList<>(List.of(0, 1, 2));
            Collections.shuffle(victims, random);
            for (int slot = 0; slot < kinds.size(); slot++) {
                long at = c * cycle + cycle * slot / 5 + random.nextInt((int) (cycle / 5));
                long back = at + 1_500 + random.nextInt(2_500);
                switch (kinds.get(slot)) {
                    case 0 -> {
                        NodeProcess node = nodes.get(victims.get(0));
                        steps.add(new Step(Duration.ofMillis(at), "kill -9 " + node.name(), node, node::kill9));
                        steps.add(new Step(
                                Duration.ofMillis(back), "restart " + node.name(), node, () -> startAgain(node)));
                    }
                    case 1 -> {
                        NodeProcess node = nodes.get(victims.get(1));
                        steps.add(new Step(Duration.ofMillis(at), "SIGTERM " + node.name(), node, node::stop));
                        steps.add(new Step(
                                Duration.ofMillis(back), "restart " + node.name(), node, () -> startAgain(node)));
                    }
                    case 2 -> {
                        steps.add(new Step(Duration.ofMillis(at), "kill redis", redis, redis::kill));
                        steps.add(new Step(Duration.ofMillis(back), "restart redis", redis, redis::restart));
                    }
                    default -> {
                        steps.add(new Step(Duration.ofMillis(at), "kill dynalite", dynamo, dynamo::kill));
                        steps.add(new Step(Duration.ofMillis(back), "restart dynalite", dynamo, dynamo::restart));
                    }
                }
            }
        }
        return steps;
    }

    // ---------------------------------------------------------------------------------------------------------
    // One run

    /** Who talks how in a run. */
    private record Traffic(boolean slowReaders, IntSupplier textLength) {

        static Traffic normal() {
            Random lengths = new Random(SEED);
            return new Traffic(false, () -> 20 + lengths.nextInt(200));
        }

        static Traffic withSlowReaders() {
            Random lengths = new Random(SEED);
            return new Traffic(true, () -> lengths.nextInt(10) == 0 ? 2_000 : 20 + lengths.nextInt(200));
        }
    }

    private Duration lastClockLead = Duration.ZERO;
    /** What the last run found: whether every client's list of who is online was right after healing. */
    private String presence = "–";

    private boolean rejoined;
    /** The room of the session signed out during the Redis outage (presence is checked in every run's own rooms). */
    private static final String VICTIM_ROOM = "general";
    /** How long presence may take to be right after healing: the reconciliation runs 7 s after Redis is back. */
    private static final Duration PRESENCE_RIGHT_WITHIN = Duration.ofSeconds(40);

    private long readersBehind;

    private Ledger.Row run(String name, String faults, List<Step> schedule, Traffic traffic) throws Exception {
        return run(name, faults, schedule, traffic, null);
    }

    private Ledger.Row run(String name, String faults, List<Step> schedule, Traffic traffic, Revocation revocation)
            throws Exception {
        int run = ++runs;
        heal();
        List<String> rooms = List.of("run" + run + "-a", "run" + run + "-b", "run" + run + "-c");
        String anyToken = tokens.values().iterator().next();
        String owner = tokens.keySet().iterator().next();
        for (String room : rooms) {
            // The third room is private: only its members (every client of the run) may join it or read it.
            boolean secret = room.endsWith("-c");
            Api.Response created = api.post(
                    "/api/rooms",
                    "{\"name\":\"" + room + "\"" + (secret ? ",\"visibility\":\"private\"" : "") + "}",
                    anyToken);
            assertThat(created.status())
                    .as("create %s: %s", room, created.body())
                    .isEqualTo(201);
            for (String user : secret ? tokens.keySet() : List.<String>of()) {
                if (!user.equals(owner)) {
                    Api.Response added =
                            api.post("/api/rooms/" + room + "/members", "{\"username\":\"" + user + "\"}", anyToken);
                    assertThat(added.status())
                            .as("add %s to %s: %s", user, room, added.body())
                            .isEqualTo(201);
                }
            }
        }
        List<ChaosClient> clients = new ArrayList<>();
        int writer = 0;
        for (Map.Entry<String, String> user : tokens.entrySet()) {
            boolean isReader = user.getKey().startsWith("reader");
            List<String> mine = isReader ? rooms : List.of(rooms.get(writer % 3), rooms.get((writer + 1) % 3));
            int port = isReader && traffic.slowReaders() ? balancer.slowPort() : balancer.port();
            clients.add(new ChaosClient(
                    user.getKey(),
                    user.getValue(),
                    port,
                    api,
                    mine,
                    isReader ? 0 : RATE,
                    traffic.textLength(),
                    random.nextLong()));
            if (!isReader) {
                writer++;
            }
        }
        balancer.throttle(traffic.slowReaders() ? 2_000 : 0);
        List<String> events = new ArrayList<>();
        List<StaleCheck.Difference> stale = new ArrayList<>();
        long started = System.nanoTime();
        try {
            clients.forEach(ChaosClient::start);
            await(
                    "every client in its rooms",
                    Duration.ofSeconds(30),
                    () -> clients.stream().allMatch(ChaosClient::joinedAll));
            clients.forEach(ChaosClient::startSending);
            started = System.nanoTime();
            events.add("traffic from " + LocalTime.now() + " (the times below count from there)");
            events.addAll(FaultSchedule.play(schedule, started));
            long rest = started + TRAFFIC.toNanos() - System.nanoTime();
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000);
            }
            readersBehind = readersBehind(clients);
            events.add("readers behind the newest message at the end of the traffic: " + readersBehind);
            heal();
            balancer.throttle(0);
            clients.forEach(ChaosClient::stopSending);
            awaitQuietly(
                    "every send acked and every change seen",
                    ACKED_WITHIN,
                    () -> clients.stream().allMatch(ChaosClient::allAcked));
            // The last thing said in each room is an edit: one the fan-out does not carry stays unseen live.
            clients.forEach(ChaosClient::makeFinalEdits);
            await(
                    "every writer's final edits",
                    ACKED_WITHIN,
                    () -> clients.stream().allMatch(ChaosClient::finalEditsMade));
            Map<String, Long> newest = newest(clients);
            boolean live = awaitQuietly(
                    "every reader caught up live",
                    CONVERGED_WITHIN,
                    () -> clients.stream().allMatch(c -> c.caughtUp(newest)));
            events.add("caught up without rejoining: " + live);
            if (!live) {
                clients.stream()
                        .flatMap(c -> c.rooms.stream()
                                .filter(room -> c.position(room) < newest.getOrDefault(room, 0L))
                                .map(room ->
                                        c.user + "/" + room + " at " + c.position(room) + " of " + newest.get(room)))
                        .forEach(behind -> events.add("  behind: " + behind));
                dumpThreads(run, "not-caught-up-live");
            }
            stale.addAll(StaleCheck.compare("live", api, clients));
            presence = awaitQuietly(
                            "every client's list of who is online right",
                            PRESENCE_RIGHT_WITHIN,
                            () -> OnlineLists.wrong(clients).isEmpty())
                    ? "ok"
                    : OnlineLists.wrong(clients).size() + " wrong";
            events.add("presence after healing: " + presence + " " + OnlineLists.wrong(clients));
            for (ChaosClient client : clients) {
                for (String room : client.rooms) {
                    if (!OnlineLists.right(client, room, clients)) {
                        events.add("  how " + client.user + "'s list of " + room + " came to be: "
                                + client.presenceStory(room));
                    }
                }
            }
            clients.forEach(ChaosClient::rejoin);
            rejoined = awaitQuietly(
                    "every reader caught up after rejoining",
                    CONVERGED_WITHIN,
                    () -> clients.stream().allMatch(c -> c.joinedAll() && c.caughtUp(newest)));
            if (!rejoined) {
                dumpThreads(run, "not-caught-up-after-rejoin");
                clients.forEach(ChaosClient::reconnect);
                boolean fresh = awaitQuietly(
                        "every reader caught up on a fresh connection",
                        CONVERGED_WITHIN,
                        () -> clients.stream().allMatch(c -> c.joinedAll() && c.caughtUp(newest)));
                events.add("caught up on a fresh connection, as a control: " + fresh);
            }
        } finally {
            for (ChaosClient client : clients) {
                client.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, List<JsonNode>> history = new LinkedHashMap<>();
        for (String room : rooms) {
            history.put(room, oldestFirst(room, anyToken));
        }
        stale.addAll(StaleCheck.compare("after joining again", api, clients));
        events.add(Ledger.changesMade(clients));
        Ledger.Row row = Ledger.check(name, faults, seconds, clients, history, stale)
                .with(presence, revocation == null ? "–" : revocation.closed());
        rows.add(row);
        lastClockLead = clockLead(clients);
        List<String> surprises = clients.stream()
                .flatMap(c -> c.surprises().stream().map(s -> c.user + ": " + s))
                .toList();
        System.out.println("chaos run " + run + " (" + name + "):\n  " + String.join("\n  ", events)
                + "\n" + Ledger.Row.header() + "\n" + row.markdown()
                + (row.examples().isEmpty() ? "" : "\n  " + String.join("\n  ", row.examples()))
                + (surprises.isEmpty()
                        ? ""
                        : "\nsurprises:\n  "
                                + String.join("\n  ", surprises.subList(0, Math.min(20, surprises.size())))));
        assertThat(row.sent()).as("messages sent in the run").isGreaterThan(WRITERS * RATE);
        assertThat(surprises)
                .as("frames a client written by the protocol should never get")
                .isEmpty();
        assertThat(row.bad())
                .as("messages lost, duplicated, reordered, altered, stale, unacked or unstored: %s", row.examples())
                .isZero();
        assertThat(rejoined)
                .as("every reader caught up after joining again on its connection")
                .isTrue();
        assertThat(row.presence())
                .as("every client's list of who is online, after healing")
                .isEqualTo("ok");
        return row;
    }

    /** Every node's threads, into target/chaos, for whoever reads why a reader did not catch up. */
    private void dumpThreads(int run, String why) {
        try {
            Path out = Path.of("target", "chaos");
            Files.createDirectories(out);
            for (NodeProcess node : nodes) {
                if (node.isAlive()) {
                    Files.writeString(
                            out.resolve("threads-run" + run + "-" + why + "-" + node.name() + ".txt"),
                            node.jcmd("Thread.print"),
                            StandardCharsets.UTF_8);
                }
            }
            System.out.println("chaos: thread dumps of every node in " + out.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.out.println("chaos: could not dump threads: " + e);
        }
    }

    /** Every node up and ready, Redis and the store running: what a run starts from and ends with. */
    private void heal() throws InterruptedException {
        if (!dynamo.isRunning()) {
            dynamo.restart();
        }
        if (!redis.isRunning()) {
            redis.restart();
        }
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                startAgain(node);
            }
        }
        for (NodeProcess node : nodes) {
            Api direct = new Api(node.port());
            await(node.name() + " ready", Duration.ofSeconds(30), () -> {
                try {
                    return direct.get("/readyz", null).status() == 200;
                } catch (IllegalStateException notYet) {
                    return false;
                }
            });
        }
    }

    /**
     * Starts a stopped node again as an orchestrator does: a node refuses to start while the store does not answer,
     * so it is tried again every second, for up to a minute.
     */
    private static void startAgain(NodeProcess node) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                node.restart();
                return;
            } catch (AssertionError exitedOrHung) {
                if (System.nanoTime() > deadline) {
                    throw exitedOrHung;
                }
                if (node.isAlive()) {
                    node.kill9();
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void restartWithSkews(List<Duration> skews) {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).stop();
            nodes.get(i).restart(skews.get(i));
        }
    }

    /** Each room's newest position a client knows of: the largest acked id, or the seq of a final edit. */
    private static Map<String, Long> newest(List<ChaosClient> clients) {
        Map<String, Long> newest = new HashMap<>();
        clients.forEach(c -> c.acks().values().forEach(ack -> newest.merge(ack.room(), ack.id(), Math::max)));
        clients.forEach(c -> c.finalEdits().forEach((room, seq) -> newest.merge(room, seq, Math::max)));
        return newest;
    }

    /** How many positions, summed over the readers' rooms, the readers had yet to receive. */
    private static long readersBehind(List<ChaosClient> clients) {
        long behind = 0;
        for (ChaosClient reader : clients) {
            if (!reader.user.startsWith("reader")) {
                continue;
            }
            for (String room : reader.rooms) {
                long newest = clients.stream()
                        .mapToLong(c -> c.rooms.contains(room) ? c.position(room) : 0)
                        .max()
                        .orElse(0);
                behind += newest - reader.position(room);
            }
        }
        return behind;
    }

    /** The furthest a message's stored time was ahead of the moment its client sent it. */
    private static Duration clockLead(List<ChaosClient> clients) {
        long lead = Long.MIN_VALUE;
        for (ChaosClient client : clients) {
            for (ChaosClient.Ack ack : client.acks().values()) {
                lead = Math.max(lead, Instant.parse(ack.ts()).toEpochMilli() - ack.sentAtMillis());
            }
        }
        return Duration.ofMillis(lead);
    }

    private List<JsonNode> oldestFirst(String room, String token) {
        List<JsonNode> newestFirst = new ArrayList<>();
        String path = "/api/rooms/" + room + "/messages?limit=100";
        while (true) {
            Api.Response page = api.get(path, token);
            assertThat(page.status()).as("history of %s", room).isEqualTo(200);
            page.body().get("messages").forEach(newestFirst::add);
            if (!page.body().get("more").asBoolean()) {
                break;
            }
            path = "/api/rooms/" + room + "/messages?limit=100&before="
                    + newestFirst.get(newestFirst.size() - 1).get("id").asLong();
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        if (!awaitQuietly(what, within, condition)) {
            throw new AssertionError("not within " + within + ": " + what);
        }
    }

    /** Waits for the condition; false if it did not hold in time (the ledger then shows what is missing). */
    private static boolean awaitQuietly(String what, Duration within, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("chaos: not within " + within + ": " + what);
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
