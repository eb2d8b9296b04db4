package dev.chat.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server that a test can use as a bad network: cut every connection at once,
 * refuse new ones, or let a WebSocket's first server frames through and swallow the rest (an ack that
 * never arrives).
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private volatile int framesLetThrough = -1;

    public CuttableProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "proxy accept");
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Closes every connection through the proxy, as a lost network would (no close frame). */
    public void cut() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that is wanted.
            }
        }
        sockets.clear();
    }

    /** New connections are closed as soon as they are accepted, until told otherwise. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    /**
     * New connections pass the HTTP answer and the first {@code frames} WebSocket frames from the server, then
     * nothing more from it (what the client sends still reaches the server); -1 lets everything through.
     */
    public void swallowAfter(int frames) {
        this.framesLetThrough = frames;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pump(client.getInputStream(), server.getOutputStream(), -1, client, server);
                pump(server.getInputStream(), client.getOutputStream(), framesLetThrough, client, server);
            } catch (IOException e) {
                // The listener closed, or the server is down: the client sees its connection drop.
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, int frames, Socket a, Socket b) {
        Thread thread = new Thread(
                () -> {
                    Downstream gate = new Downstream(frames);
                    byte[] buffer = new byte[8192];
                    try {
                        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                            int pass = gate.pass(buffer, n);
                            if (pass > 0) {
                                to.write(buffer, 0, pass);
                                to.flush();
                            }
                        }
                    } catch (IOException e) {
                        // One side closed.
                    } finally {
                        close(a);
                        close(b);
                    }
                },
                "proxy pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    /** Counts the bytes of an HTTP answer and of whole WebSocket frames (server frames are not masked). */
    private static final class Downstream {
        private final int frames;
        private final StringBuilder head = new StringBuilder();
        private boolean inHead = true;
        private int seen;
        private long frameLeft = -1;
        private final byte[] header = new byte[10];
        private int headerLength;

        Downstream(int frames) {
            this.frames = frames;
        }

        /** How many of the first {@code n} bytes may pass; once the budget is spent, none do. */
        int pass(byte[] buffer, int n) {
            if (frames < 0) {
                return n;
            }
            int i = 0;
            while (i < n) {
                if (inHead) {
                    head.append((char) buffer[i++]);
                    if (head.toString().endsWith("\r\n\r\n")) {
                        inHead = false;
                    }
                } else if (seen >= frames) {
                    return i;
                } else if (frameLeft < 0) {
                    header[headerLength++] = buffer[i++];
                    long length = frameLength();
                    if (length >= 0) {
                        frameLeft = length;
                        headerLength = 0;
                        if (frameLeft == 0) {
                            frameLeft = -1;
                            seen++;
                        }
                    }
                } else {
                    long take = Math.min(frameLeft, n - i);
                    i += (int) take;
                    frameLeft -= take;
                    if (frameLeft == 0) {
                        frameLeft = -1;
                        seen++;
                    }
                }
            }
            return i;
        }

        /** The payload length once the header is complete, else -1. */
        private long frameLength() {
            if (headerLength < 2) {
                return -1;
            }
            int short7 = header[1] & 0x7f;
            if (short7 < 126) {
                return short7;
            }
            int extra = short7 == 126 ? 2 : 8;
            if (headerLength < 2 + extra) {
                return -1;
            }
            long length = 0;
            for (int k = 0; k < extra; k++) {
                length = (length << 8) | (header[2 + k] & 0xff);
            }
            return length;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
