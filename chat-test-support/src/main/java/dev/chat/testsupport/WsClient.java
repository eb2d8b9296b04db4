package dev.chat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client as a test sees it: frames in a queue, helpers to wait for one, the close code.
 *
 * <p>It speaks RFC 6455 over a plain socket with a reading thread of its own, instead of the JDK's
 * {@code java.net.http.WebSocket}: that client loses an end of stream that arrives while its listener has no
 * request outstanding ({@code InternalError} from {@code TransportImpl.acknowledgeReception}, reported as an error
 * or, when thrown on its selector thread, not at all), so a connection whose server died could stay open for ever
 * in a test (the chaos suite's "reader that stopped"; {@code WsClientTest} shows both clients on every cut).
 *
 * <p>Every test that acts as a client over a raw WebSocket uses this one: the end-to-end suites, the CLI's
 * tests and the local cluster's.
 */
public final class WsClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Close codes as the JDK client reported them: the server's own, 1006 for an end of stream, -1 for an error. */
    public static final int NO_STATUS = 1005;

    public static final int ENDED = 1006;
    public static final int BROKEN = -1;

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final Socket socket;
    private final OutputStream out;
    private boolean outputClosed;

    /** The server answered the upgrade with something other than 101. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String statusLine) {
            super("WebSocket upgrade refused: " + statusLine);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private WsClient(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(() -> read(in), "ws-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static WsClient connect(int port, String token) {
        return connect(port, token, null);
    }

    public static WsClient connect(int port, String token, String origin) {
        return connect(port, token, origin, null);
    }

    /** With {@code forwardedFor}: as a client at that address behind a trusted proxy. */
    public static WsClient connect(int port, String token, String origin, String forwardedFor) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port)
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(key)
                    .append("\r\n");
            if (forwardedFor != null) {
                request.append("X-Forwarded-For: ").append(forwardedFor).append("\r\n");
            }
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            String accept = null;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(Locale.ROOT).startsWith("sec-websocket-accept:")) {
                    accept = header.substring(header.indexOf(':') + 1).trim();
                }
            }
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (status != 101) {
                throw new Refused(status, statusLine);
            }
            if (!acceptFor(key).equals(accept)) {
                throw new IllegalStateException("wrong Sec-WebSocket-Accept: " + accept);
            }
            socket.setSoTimeout(0);
            return new WsClient(socket, in);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("WebSocket to port " + port + " failed", (IOException) e);
        }
    }

    private static String acceptFor(String key) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One header line, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed during the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The reading thread: frames into the queue, pings answered, and the end told exactly once. */
    private void read(InputStream raw) {
        DataInputStream in = new DataInputStream(raw);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    closeCode.complete(ENDED);
                    return;
                }
                int second = in.readUnsignedByte();
                int opcode = first & 0x0F;
                boolean fin = (first & 0x80) != 0;
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((second & 0x80) != 0 || length > 16 * 1024 * 1024) {
                    throw new IOException("a masked or oversized frame from the server");
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if (fin) {
                            String text = message.toString(StandardCharsets.UTF_8);
                            message.reset();
                            frames.add(JSON.readTree(text));
                        }
                    }
                    case 0x8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : NO_STATUS;
                        sendClose(code == NO_STATUS ? 1000 : code, "");
                        closeCode.complete(code);
                        closeQuietly(socket);
                        return;
                    }
                    case 0x9 -> write(0xA, payload);
                    default -> {
                        // A pong or a binary frame: nothing a test waits for.
                    }
                }
            }
        } catch (EOFException midFrame) {
            closeCode.complete(ENDED);
        } catch (IOException | RuntimeException e) {
            closeCode.complete(BROKEN);
        } finally {
            closeQuietly(socket);
        }
    }

    /** Writes one masked frame, as a client must. */
    private synchronized void write(int opcode, byte[] payload) throws IOException {
        if (outputClosed) {
            throw new IOException("output closed");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        frame.writeTo(out);
        out.flush();
        if (opcode == 0x8) {
            outputClosed = true;
        }
    }

    private void sendClose(int code, String reason) {
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + why.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(why, 0, payload, 2, why.length);
        try {
            synchronized (this) {
                if (!outputClosed) {
                    write(0x8, payload);
                }
            }
        } catch (IOException alreadyGone) {
            // The connection is ending anyway.
        }
    }

    public void sendRaw(String text) {
        try {
            write(0x1, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    public void send(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        sendRaw(node.toString());
    }

    public void join(String room) {
        send("type", "join", "room", room);
        awaitType("joined");
    }

    /** Waits for the next frame that matches, dropping the ones before it. */
    public JsonNode await(Predicate<JsonNode> match) {
        return await(WAIT, match);
    }

    /** Waits up to {@code within} for the next frame that matches, dropping the ones before it. */
    public JsonNode await(Duration within, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame;
            try {
                frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                throw new AssertionError("no matching frame within " + within + "; skipped " + skipped);
            }
            if (match.test(frame)) {
                return frame;
            }
            skipped.add(frame);
        }
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()));
    }

    /** The next frame, whatever it is, or null if none comes within the time. */
    public JsonNode next(Duration within) {
        try {
            return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every frame that arrives until the line goes quiet for {@code quiet}. */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode frame;
        while ((frame = next(quiet)) != null) {
            all.add(frame);
        }
        return all;
    }

    public int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Starts the closing handshake with {@code code} and {@code reason}, and waits for the server's answer: the code
     * of its close frame, or {@link #ENDED} or {@link #BROKEN} when the connection ended without one.
     */
    public int closeAndAwaitAnswer(int code, String reason) {
        sendClose(code, reason);
        return awaitClose();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        closeQuietly(socket);
    }

    @Override
    public void close() {
        sendClose(1000, "bye");
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that was wanted.
        }
    }
}
