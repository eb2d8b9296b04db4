package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.LocalProcess;
import dev.chat.testsupport.PrometheusServer;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's figures as an operator gets them: a real Prometheus scrapes a node's management listener while people
 * chat, and its queries show what happened; the Grafana dashboard's queries all name metrics the scrape holds; the
 * public port serves no metrics.
 */
class MetricsTest {

    private static final int POSTS = 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @TempDir
    Path prometheusDir;

    private RedisServer redis;
    private ChatApplication app;
    private PrometheusServer prometheus;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        app = Servers.start(data, "--rate-limit", "0", "--redis-url", redis.url(), "--management-port", "0");
        prometheus = PrometheusServer.scraping(
                "chat", "127.0.0.1:" + app.managementPort().orElseThrow(), prometheusDir);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (prometheus != null) {
            prometheus.close();
        }
        app.close();
        redis.close();
    }

    @Test
    void prometheus_sees_the_messages_their_acks_and_deliveries() {
        Api api = new Api(app.port());
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("general");
        assertThat(api.post("/api/login", Api.credentials("ana", "not-her-password"), null)
                        .status())
                .isEqualTo(401);
        for (int i = 0; i < POSTS; i++) {
            ana.send("type", "send", "room", "general", "text", "hello " + i, "clientId", "a-" + i);
            ana.awaitType("ack");
        }
        for (int i = 0; i < POSTS; i++) {
            bob.awaitType("message");
        }
        bob.send("type", "send", "room", "nowhere", "text", "lost?", "clientId", "b-0");
        assertThat(bob.awaitType("error").get("code").asText()).isEqualTo("not_joined");

        awaitValue("sum(chat_messages_stored_total)", v -> v == POSTS);
        assertThat(prometheus.value("sum(chat_ack_latency_seconds_count)")).isEqualTo(POSTS);
        assertThat(prometheus.value("sum(chat_frames_in_total{type=\"send\"})")).isEqualTo(POSTS + 1);
        assertThat(prometheus.value("sum(chat_frames_out_total{type=\"ack\"})")).isEqualTo(POSTS);
        // Each message goes to both members' connections, the author's included.
        assertThat(prometheus.value("sum(chat_deliveries_total)")).isEqualTo(2 * POSTS);
        assertThat(prometheus.value("sum(chat_frames_out_total{type=\"message\"})"))
                .isEqualTo(2 * POSTS);
        assertThat(prometheus.value("sum(chat_refused_total{code=\"not_joined\"})"))
                .isEqualTo(1);
        assertThat(prometheus.value("sum(chat_sign_ins_total{outcome=\"succeeded\"})"))
                .isEqualTo(2);
        assertThat(prometheus.value("sum(chat_sign_ins_total{outcome=\"failed\"})"))
                .isEqualTo(1);
        assertThat(prometheus.value("sum(chat_connections_open)")).isEqualTo(2);
        assertThat(prometheus.value("sum(chat_joins_total)")).isEqualTo(2);
        assertThat(prometheus.value("sum(chat_store_call_seconds_count{store=\"sqlite\", port=\"messages\", "
                        + "operation=\"appendAsync\", outcome=\"ok\"})"))
                .isEqualTo(POSTS);
        assertThat(prometheus.value("sum(chat_fanout_connected)")).isEqualTo(1);
        // The ack histogram is a histogram: its p99 (of every ack so far) is a time within the buckets.
        double p99 = prometheus.value("histogram_quantile(0.99, sum by (le) (chat_ack_latency_seconds_bucket))");
        assertThat(p99).isGreaterThan(0).isLessThanOrEqualTo(5);

        bob.close();
        awaitValue("sum(chat_connections_closed_total{code=\"none\"})", v -> v == 1);
        assertThat(prometheus.value("sum(chat_connections_open)")).isEqualTo(1);
    }

    @Test
    void the_dashboard_asks_only_for_metrics_a_scrape_holds_and_prometheus_runs_every_query() throws Exception {
        Api api = new Api(app.port());
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        ana.send("type", "send", "room", "general", "text", "hello", "clientId", "a-1");
        ana.awaitType("ack");
        ana.send("type", "send", "room", "nowhere", "text", "x", "clientId", "a-2");
        ana.awaitType("error");
        api.post("/api/login", Api.credentials("ana", "not-her-password"), null);
        connect(api.signUp("bob", "bob-password")).close();
        awaitValue("sum(chat_connections_closed_total)", v -> v >= 1);

        /*
         * The garbage collector's pause timers are made at the first collection after the server started (their
         * tags name the collector and the cause), so a scrape holds them from then on; in a node that ran for a
         * while that is always so, in this test JVM it may not be yet.
         */
        System.gc();
        String scrape = scrapeUntil(s -> s.contains("jvm_gc_pause_seconds_sum"));
        Set<String> samples = new LinkedHashSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)[{ ]").matcher(scrape);
        while (sample.find()) {
            samples.add(sample.group(1));
        }
        JsonNode dashboard =
                WsClient.JSON.readTree(Files.readString(Servers.repo().resolve("deploy/monitoring/dashboard.json")));
        List<String> queries = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(panel -> panel.get("targets")
                        .forEach(target -> queries.add(target.get("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(15);
        Pattern metric = Pattern.compile("\\b((?:chat|jvm|process|netty|system)_\\w+)");
        for (String query : queries) {
            Matcher m = metric.matcher(query);
            assertThat(m.find()).as("a metric in " + query).isTrue();
            do {
                assertThat(samples)
                        .as("the scrape holds " + m.group(1) + ", which the dashboard asks for in " + query)
                        .contains(m.group(1));
            } while (m.find());
            assertThat(prometheus.query(query).path("resultType").asText())
                    .as(query)
                    .isEqualTo("vector");
        }
    }

    @Test
    void the_public_port_serves_no_metrics() throws Exception {
        HttpResponse<String> metrics = get(app.port(), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(metrics.body()).doesNotContain("chat_");
        HttpResponse<String> management = get(app.managementPort().orElseThrow(), "/metrics");
        assertThat(management.statusCode()).isEqualTo(200);
        assertThat(management.body()).contains("# TYPE chat_messages_stored_total counter");
        assertThat(management.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(get(app.managementPort().orElseThrow(), "/api/rooms").statusCode())
                .as("the management port serves the metrics and nothing of the chat")
                .isEqualTo(404);
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(app.port(), token);
        clients.add(client);
        return client;
    }

    private void awaitValue(String promql, DoublePredicate expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            value = prometheus.value(promql);
            if (expected.test(value)) {
                return;
            }
            LocalProcess.pause(Duration.ofMillis(250));
        }
        throw new AssertionError(promql + " was " + value + " after 30 s");
    }

    /** A scrape of the node's /metrics that {@code ready} accepts, or the last one after 10 s. */
    private String scrapeUntil(java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String scrape = get(app.managementPort().orElseThrow(), "/metrics").body();
        while (!ready.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            scrape = get(app.managementPort().orElseThrow(), "/metrics").body();
        }
        return scrape;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
