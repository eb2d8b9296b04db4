package dev.chat.cli.bench;

import dev.chat.cli.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat bench}: signs in bench users, connects the clients, has the senders post on a fixed timeline
 * (open loop), and reports what the server delivered, how fast and with what loss, over the measured window.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = Version.class,
        description = {
            "Measures how much load a chat server takes: connects clients over rooms, has senders post at a fixed "
                    + "rate, and reports deliveries/s, latency, loss and duplicates.",
            "Sends follow a timeline (open loop): a send that goes out late is counted and reported, never skipped. "
                    + "Only the measured window counts, after the warm-up.",
            "Results go to standard output (a table, or one JSON line with --json); progress to standard error."
        },
        footerHeading = "%nHow it measures:%n",
        footer = {
            "Every text starts with a stamp: run id, sender, sequence number and the time it was sent (epoch µs); the "
                    + "clientId is the same stamp. Latency is from that send time to the moment a reader's frame is read; "
                    + "ack latency likewise. Expected deliveries = measured sends × connections in the room (the sender's "
                    + "own included); lost = expected − delivered after the drain; a sequence number not above the last "
                    + "one seen from that sender on that connection counts as duplicated.",
            "Each sender signs in as a user of its own; readers share one user per --clients-per-user. "
                    + "deliveries/s counts arrivals inside the measured window."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run finished (read lost/duplicated/late for its quality)",
            "1:could not sign in, create a room or connect",
            "2:invalid options"
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "${env:CHAT_SERVER:-http://localhost:8080}",
            description = "Server to connect to (env CHAT_SERVER, default ${DEFAULT-VALUE}). Repeat it to spread the "
                    + "clients round-robin over the nodes of one deployment; sign-in and rooms use the first.")
    List<URI> servers;

    @Option(
            names = "--clients",
            paramLabel = "N",
            defaultValue = "100",
            description = "WebSocket connections (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--rooms",
            paramLabel = "N",
            defaultValue = "1",
            description = "Rooms the clients are spread over, round-robin (default ${DEFAULT-VALUE}).")
    int rooms;

    @Option(
            names = "--senders-per-room",
            paramLabel = "N",
            defaultValue = "1",
            description = "Clients of each room that post; 0 holds idle connections (default ${DEFAULT-VALUE}).")
    int sendersPerRoom;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "10",
            description = "Messages per second per sender (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--size",
            paramLabel = "BYTES",
            defaultValue = "64",
            description = "Message text length in bytes (default ${DEFAULT-VALUE}); never shorter than the stamp it "
                    + "starts with, about 45 bytes.")
    int size;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured window, e.g. 10s, 500ms, 2m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Sending before the measured window, not counted (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--drain",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Longest wait after the window for deliveries still on their way (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(
            names = "--room-prefix",
            paramLabel = "PREFIX",
            defaultValue = "bench-",
            description = "Rooms are named prefix + number; missing ones are created (default ${DEFAULT-VALUE}).")
    String roomPrefix;

    @Option(
            names = "--user-prefix",
            paramLabel = "PREFIX",
            description = "Users are named prefix + number (default bench-<run id>-: new accounts each run).")
    String userPrefix;

    @Option(
            names = "--password",
            paramLabel = "PASSWORD",
            description = "Password of the bench users (default: random). With a fixed "
                    + "--user-prefix and --password, later runs sign in to the accounts made before.")
    String password;

    @Option(
            names = "--guests",
            description = "Sign in as guests instead of registering users (the server must allow guests; "
                    + "the rooms must exist already, as guests cannot create them).")
    boolean guests;

    @Option(
            names = "--clients-per-user",
            paramLabel = "N",
            defaultValue = "50",
            description = "Reading clients that share one user (each sender has its own); fewer users, fewer sign-ins "
                    + "(default ${DEFAULT-VALUE}: the server's --max-connections-per-user, per node).")
    int clientsPerUser;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Netty event loop threads (default ${DEFAULT-VALUE}); with two or more, the senders have "
                    + "the first to themselves, so that busy readers do not make sends late.")
    int threads;

    @Option(
            names = "--connect-concurrency",
            paramLabel = "N",
            defaultValue = "100",
            description = "Connection handshakes in flight at once (default ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(
            names = "--signin-concurrency",
            paramLabel = "N",
            defaultValue = "4",
            description = "Sign-ins in flight at once (default ${DEFAULT-VALUE}).")
    int signInConcurrency;

    @Option(
            names = "--connect-timeout",
            paramLabel = "TIME",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest time one client may take from connect to joined (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(
            names = "--late-threshold",
            paramLabel = "TIME",
            defaultValue = "5ms",
            converter = DurationConverter.class,
            description = "A send going out more than this after it was due counts as late (default ${DEFAULT-VALUE}).")
    Duration lateThreshold;

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description = "The server's process id on this machine: report its CPU and memory (Linux /proc).")
    Long serverPid;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            hidden = true,
            description = "Fixes the run id (a-z 0-9) instead of a random one.")
    String runId;

    @Option(names = "--json", description = "Print one JSON line with every figure instead of the table.")
    boolean json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        BenchPlan plan = validated();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String run = runId != null ? runId : BenchAccounts.randomId(6);
        Stamp stamp = new Stamp(run);
        try {
            return run(plan, stamp, out, err);
        } catch (BenchException e) {
            err.println("chat bench: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private int run(BenchPlan plan, Stamp stamp, PrintWriter out, PrintWriter err)
            throws BenchException, InterruptedException {
        BenchHttp http = new BenchHttp(servers.get(0));
        List<String> roomNames = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            roomNames.add(roomPrefix + r);
        }
        progress(
                err,
                "run %s: signing in %d %s on %s",
                stamp.run(),
                plan.users(),
                guests ? "guests" : "users",
                servers.get(0));
        long signInStart = System.nanoTime();
        String[] tokens = BenchAccounts.signIn(
                http,
                plan.users(),
                userPrefix != null ? userPrefix : "bench-" + stamp.run() + "-",
                password != null ? password : BenchAccounts.randomId(24),
                guests,
                signInConcurrency);
        double signInSeconds = (System.nanoTime() - signInStart) / 1e9;
        try {
            for (String room : roomNames) {
                http.ensureRoom(tokens[0], room);
            }
            ProcessSample serverBefore = serverSample();
            BenchReport report;
            try (BenchClients clients = new BenchClients(threads, rooms, servers)) {
                progress(err, "connecting %d clients to %d room%s", clients(), rooms, rooms == 1 ? "" : "s");
                BenchConnection.Load load =
                        new BenchConnection.Load(stamp, size, sendersPerRoom, lateThreshold.toNanos());
                ProcessSample serverConnecting = serverSample();
                ProcessSample selfConnecting = ProcessSample.self();
                long connectStart = System.nanoTime();
                clients.connectAll(plan, roomNames, tokens, load, connectConcurrency, connectTimeout.toMillis());
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                BenchReport.Connecting connecting = new BenchReport.Connecting(
                        serverConnecting, serverSample(), selfConnecting, ProcessSample.self());

                long start = System.nanoTime() + 100_000_000L;
                long windowStart = start + warmup.toNanos();
                long windowEnd = windowStart + duration.toNanos();
                Timeline timeline =
                        new Timeline(start, windowStart, windowEnd, 1e9 / rate, Math.max(1, plan.senders()));
                progress(err, "sending: %s warm-up, then %s measured", human(warmup), human(duration));
                clients.start(timeline);
                sleepUntil(windowStart);
                ProcessSample serverStart = serverSample();
                ProcessSample selfStart = ProcessSample.self();
                sleepUntil(windowEnd);
                ProcessSample serverEnd = serverSample();
                ProcessSample selfEnd = ProcessSample.self();
                LoopStats stats = drained(clients, plan, err);
                report = new BenchReport(
                        this,
                        plan,
                        stamp.run(),
                        stats,
                        signInSeconds,
                        connectSeconds,
                        connecting,
                        serverBefore,
                        serverStart,
                        serverEnd,
                        selfStart,
                        selfEnd);
            }
            out.println(json ? report.json() : report.table());
            out.flush();
            return 0;
        } finally {
            BenchAccounts.signOut(http, tokens, signInConcurrency);
        }
    }

    /** Waits until every measured send is acked and delivered to every reader, or the drain time is up. */
    private LoopStats drained(BenchClients clients, BenchPlan plan, PrintWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        while (true) {
            LoopStats stats = clients.snapshot(rooms);
            if (stats.delivered >= BenchReport.expected(stats, plan) && stats.acked >= stats.sentTotal()
                    || System.nanoTime() >= deadline) {
                return stats;
            }
            Thread.sleep(50);
        }
    }

    private ProcessSample serverSample() throws BenchException {
        if (serverPid == null) {
            return null;
        }
        try {
            return ProcessSample.of(serverPid);
        } catch (IOException | RuntimeException e) {
            throw new BenchException("cannot read process " + serverPid + " in /proc: " + e.getMessage());
        }
    }

    private BenchPlan validated() {
        String problem = null;
        if (rate <= 0 || !Double.isFinite(rate)) {
            problem = "--rate must be above 0";
        } else if (size < 1 || size > 4000) {
            problem = "--size must be 1-4000 (the server's text limit)";
        } else if (threads < 1 || connectConcurrency < 1 || signInConcurrency < 1) {
            problem = "--threads, --connect-concurrency and --signin-concurrency must be at least 1";
        } else if (duration.isZero() || duration.isNegative() || warmup.isNegative() || drain.isNegative()) {
            problem = "--duration must be above 0; --warmup and --drain not negative";
        } else if (servers.isEmpty()) {
            problem = "give at least one --server";
        } else if (runId != null && !runId.matches("[a-z0-9]{1,16}")) {
            problem = "--run-id is 1-16 of a-z 0-9";
        }
        if (problem == null) {
            try {
                return new BenchPlan(clients, rooms, sendersPerRoom, clientsPerUser);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        throw new ParameterException(spec.commandLine(), problem);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static void progress(PrintWriter err, String format, Object... args) {
        err.println(String.format(Locale.ROOT, format, args));
        err.flush();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    int clients() {
        return clients;
    }
}
