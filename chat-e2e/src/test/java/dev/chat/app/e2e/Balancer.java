package dev.chat.app.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP load balancer in front of the nodes, as a network load balancer is: each connection goes to the next node
 * that accepts it, and breaks when that node goes away. It is also where the network faults are made: a client's
 * connection cut in the middle of what it sends, a slow reader (a second front whose replies trickle out), and a
 * network path that goes away for a while ({@link #cutOff()}, {@link #restore()}).
 */
final class Balancer implements AutoCloseable {

    /** Where a cut falls in the next chunk a client sends: half of it reaches the node, or all of it. */
    enum Cut {
        MID_FRAME,
        AFTER_FRAME
    }

    private static final int CONNECT_TIMEOUT_MS = 500;

    private final List<Integer> nodePorts;
    private final ServerSocket front;
    private final ServerSocket slowFront;
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    /** Bytes per second each connection of the slow front may read; 0 = as fast as the client reads. */
    private volatile int slowBytesPerSecond;

    private volatile boolean closed;
    /** While set, every connection is reset as it comes, as from a client whose network path is gone. */
    private volatile boolean refusing;
    /** Connections reset as they came while the path was cut off. */
    private final AtomicInteger refused = new AtomicInteger();
    /** Where each connection's life is written (opened, ended, by whom), or null. */
    private final PrintWriter trace;

    Balancer(List<Integer> nodePorts) {
        this(nodePorts, null);
    }

    /**
     * With {@code traceFile}: one line per connection opened and per direction ended (end of stream, error or
     * reset, with the bytes it carried), so that a client left waiting can be told apart from a node that died.
     */
    Balancer(List<Integer> nodePorts, Path traceFile) {
        this.nodePorts = List.copyOf(nodePorts);
        try {
            this.trace = traceFile == null
                    ? null
                    : new PrintWriter(Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            front = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            slowFront = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("balancer-accept", () -> accept(front, false)).start();
        daemon("balancer-accept-slow", () -> accept(slowFront, true)).start();
    }

    /** The port clients connect to. */
    int port() {
        return front.getLocalPort();
    }

    /** A second port to the same nodes whose answers reach the client at {@link #throttle} bytes per second. */
    int slowPort() {
        return slowFront.getLocalPort();
    }

    /** Limits what each connection of the slow front receives per second; 0 lifts the limit. */
    void throttle(int bytesPerSecond) {
        slowBytesPerSecond = bytesPerSecond;
    }

    /**
     * Arms a cut on one open connection of the normal front, picked at random: the next chunk its client sends is
     * forwarded as {@code where} says and then both sides are reset. Returns false when no connection is open.
     */
    boolean cutOne(Random random, Cut where) {
        List<Pipe> open = new ArrayList<>();
        for (Pipe pipe : pipes) {
            if (!pipe.slow && pipe.cut.get() == null) {
                open.add(pipe);
            }
        }
        if (open.isEmpty()) {
            return false;
        }
        open.get(random.nextInt(open.size())).cut.set(where);
        return true;
    }

    /**
     * The network path goes away: every open connection is reset (no close frame reaches either side) and new ones
     * are reset as they come, until {@link #restore()}.
     */
    void cutOff() {
        refusing = true;
        for (Pipe pipe : pipes) {
            pipe.end();
        }
    }

    /** The path is back: connections go through again. */
    void restore() {
        refusing = false;
    }

    /** How many connections were reset as they came while the path was cut off. */
    int refused() {
        return refused.get();
    }

    /** How many armed cuts have fired. */
    int cuts() {
        return cuts.get();
    }

    private void accept(ServerSocket server, boolean slow) {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            daemon("balancer-connect", () -> connect(client, slow)).start();
        }
    }

    private void connect(Socket client, boolean slow) {
        for (int tries = 0; tries < nodePorts.size(); tries++) {
            int port = nodePorts.get(Math.floorMod(next.getAndIncrement(), nodePorts.size()));
            Socket node = new Socket();
            try {
                if (slow) {
                    // Small buffers, so that what the slow reader has not read stays with the server.
                    node.setReceiveBufferSize(16 * 1024);
                    client.setSendBufferSize(16 * 1024);
                }
                node.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
                node.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                Pipe pipe = new Pipe(client, node, slow);
                pipes.add(pipe);
                pipe.trace("opened");
                daemon("balancer-up", pipe::up).start();
                daemon("balancer-down", pipe::down).start();
                return;
            } catch (IOException refused) {
                closeQuietly(node);
            }
        }
        reset(client);
    }

    private final class Pipe {

        final Socket client;
        final Socket node;
        final boolean slow;
        final AtomicReference<Cut> cut = new AtomicReference<>();
        final AtomicInteger directionsEnded = new AtomicInteger();

        Pipe(Socket client, Socket node, boolean slow) {
            this.client = client;
            this.node = node;
            this.slow = slow;
        }

        void trace(String what) {
            if (trace != null) {
                trace.printf(
                        "%s %s client :%d -> node :%d %s%n",
                        LocalTime.now(), slow ? "slow" : "fast", client.getPort(), node.getPort(), what);
            }
        }

        /** Client to node; where an armed cut falls. */
        void up() {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = client.getInputStream();
                OutputStream out = node.getOutputStream();
                int n;
                long carried = 0;
                while ((n = in.read(buffer)) >= 0) {
                    carried += n;
                    Cut where = cut.get();
                    if (where != null) {
                        out.write(buffer, 0, where == Cut.MID_FRAME ? Math.max(1, n / 2) : n);
                        out.flush();
                        cuts.incrementAndGet();
                        trace("up: cut " + where + " after " + carried + " bytes");
                        end();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
                trace("up: client's end of stream after " + carried + " bytes");
                halfClosed(node);
            } catch (IOException broken) {
                trace("up: " + broken);
                end();
            }
        }

        /** Node to client, throttled on the slow front. */
        void down() {
            byte[] buffer = new byte[slow ? 1024 : 16 * 1024];
            try {
                InputStream in = node.getInputStream();
                OutputStream out = client.getOutputStream();
                int n;
                long carried = 0;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    carried += n;
                    int rate = slowBytesPerSecond;
                    if (slow && rate > 0) {
                        Thread.sleep(Math.max(1, 1000L * n / rate));
                    }
                }
                trace("down: node's end of stream after " + carried + " bytes");
                halfClosed(client);
            } catch (IOException broken) {
                trace("down: " + broken);
                end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end();
            }
        }

        /** One direction ended in order: pass the FIN on; once both have, the connection is over. */
        private void halfClosed(Socket towards) {
            try {
                towards.shutdownOutput();
            } catch (IOException alreadyGone) {
                end();
                return;
            }
            if (directionsEnded.incrementAndGet() == 2 && pipes.remove(this)) {
                closeQuietly(client);
                closeQuietly(node);
            }
        }

        /** Resets both sides, as a broken network path does: no FIN, no close frame. */
        void end() {
            if (pipes.remove(this)) {
                trace("reset both sides");
                reset(client);
                reset(node);
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // Nothing left to reset.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that was wanted.
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        closed = true;
        try {
            front.close();
            slowFront.close();
        } catch (IOException ignored) {
            // Closing is all that was wanted.
        }
        for (Pipe pipe : pipes) {
            pipe.end();
        }
        if (trace != null) {
            trace.close();
        }
    }
}
