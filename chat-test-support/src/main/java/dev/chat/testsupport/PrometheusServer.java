package dev.chat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code prometheus} server of the test's own (Debian's package; the README's test command installs it) on a free
 * loopback port, scraping one target every second into a temporary folder, stopped by its PID. Queries go through its
 * HTTP API, as Grafana's would.
 */
public final class PrometheusServer extends LocalServer {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(int port, Path config, Path storage) {
        super(new LocalProcess(
                "prometheus",
                List.of(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + storage,
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn"),
                port,
                Duration.ofSeconds(30),
                ProcessBuilder.Redirect.DISCARD,
                "install the Debian package prometheus (the README's test command does)"));
    }

    /** Starts Prometheus scraping {@code target} (host:port, path /metrics) as job {@code job} every second. */
    public static PrometheusServer scraping(String job, String target, Path folder) {
        Path config = folder.resolve("prometheus.yml");
        try {
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  evaluation_interval: 1s",
                            "scrape_configs:",
                            "  - job_name: " + job,
                            "    static_configs:",
                            "      - targets: ['" + target + "']",
                            ""));
            Files.createDirectories(folder.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrometheusServer server = new PrometheusServer(LocalProcess.freePort(), config, folder.resolve("data"));
        server.process.start();
        return server;
    }

    /** The answer of {@code GET /api/v1/query} for {@code promql}, evaluated now: its {@code data} node. */
    public JsonNode query(String promql) {
        URI uri = URI.create("http://127.0.0.1:" + process.port() + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = WsClient.JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus refused " + promql + ": " + response.body());
            }
            return body.get("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the single series {@code promql} returns now, or NaN while it returns none. */
    public double value(String promql) {
        JsonNode result = query(promql).path("result");
        if (result.size() == 0) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new IllegalStateException(promql + " returned " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }
}
