package dev.chat.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener: {@code GET /metrics} in Prometheus's text format, on an address and port of its own
 * ({@code --management-host}, loopback by default, and {@code --management-port}), never on the chat's public port.
 * The JDK's small HTTP server on one thread of its own: a scrape every few seconds needs no more, and nothing here
 * touches the chat's event loops.
 */
final class ManagementServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;

    private ManagementServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Listens on {@code host}:{@code port} (0: a free port) and serves {@code metrics}' scrape. */
    static ManagementServer start(String host, int port, Metrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot listen on " + host + ":" + port + " for --management-port: " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> answer(exchange, metrics));
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chat-management");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        ManagementServer started = new ManagementServer(server, thread);
        log.info("Metrics at http://{}:{}/metrics", host, started.port());
        return started;
    }

    private static void answer(HttpExchange exchange, Metrics metrics) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: the management port serves /metrics.\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Use GET.\n");
            } else {
                send(exchange, 200, CONTENT_TYPE, method.equals("HEAD") ? null : metrics.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
