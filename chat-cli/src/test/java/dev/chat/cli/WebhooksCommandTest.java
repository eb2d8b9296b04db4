package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.ChatApi;
import dev.chat.client.testing.TestServer;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat webhooks create|list|delete|log} against a real server: the URL printed once posts messages until the
 * webhook is deleted, and the server's refusals reach the user as its sentence.
 */
@Timeout(90)
class WebhooksCommandTest {

    private static final HttpClient HTTP = ValidatingHttpClient.wrap(ChatApi.newHttpClient());

    @TempDir
    Path data;

    @TempDir
    Path anaConfig;

    private TestServer server;
    private String anaToken;
    private Cli ana;

    private void start(String... serverOptions) {
        server = TestServer.start(data, serverOptions);
        anaToken = server.signUp("ana");
        server.createRoom(anaToken, "ops");
        ana = new Cli(anaConfig).login(server, "ana");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What {@code chat webhooks create ROOM NAME --incoming} printed, read back. */
    private record Incoming(String id, String secret, String url, String curl) {}

    private Incoming createIncoming(String room, String name) {
        Cli.Result made = ana.run("webhooks", "create", room, name, "--incoming");
        assertThat(made.exitCode()).as(made.err()).isZero();
        List<String> lines = made.lines();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0))
                .matches("Made incoming webhook [0-9a-f]{12} in #ops: what is posted to its URL appears as " + name
                        + "\\.");
        assertThat(lines.get(1)).isEqualTo("Its secret, shown this once (keep it like a password):");
        assertThat(lines.get(3)).isEqualTo("Its URL, which holds the secret: anyone who has it can post to #ops:");
        assertThat(lines.get(5)).isEqualTo("Try it:");
        String id = lines.get(0).substring("Made incoming webhook ".length(), "Made incoming webhook ".length() + 12);
        return new Incoming(id, lines.get(2), lines.get(4), lines.get(6));
    }

    @Test
    void an_incoming_webhooks_printed_url_posts_to_the_room_until_it_is_deleted() throws Exception {
        start();
        Incoming hook = createIncoming("Ops", "ci-bot");

        assertThat(hook.url()).isEqualTo(server.url() + "/api/hooks/" + hook.id() + "/" + hook.secret());
        assertThat(post(hook.url(), "{\"text\": \"deploy 1.4.2 finished\"}").statusCode())
                .isEqualTo(201);
        JsonNode stored = server.get("/api/rooms/ops/messages", anaToken).path("messages");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("user").asText()).isEqualTo("ci-bot");
        assertThat(stored.get(0).path("text").asText()).isEqualTo("deploy 1.4.2 finished");

        Cli.Result listed = ana.run("webhooks", "list", "ops");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.lines().get(0)).matches("ID +KIND +BOT +URL +TRIGGER +MADE BY +MADE");
        assertThat(listed.lines().get(1)).matches(hook.id() + " +incoming +ci-bot +- +- +ana +\\d{4}-.*Z");
        assertThat(listed.out()).doesNotContain(hook.secret());
        JsonNode json = ana.run("webhooks", "list", "ops", "--json").json();
        assertThat(json.path("webhooks")).hasSize(1);
        assertThat(json.path("webhooks").get(0).path("id").asText()).isEqualTo(hook.id());

        Cli.Result deleted = ana.run("webhooks", "delete", "ops", hook.id());
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted webhook " + hook.id() + " of #ops.\n");
        assertThat(post(hook.url(), "{\"text\": \"still there?\"}").statusCode())
                .isEqualTo(404);
        assertThat(ana.run("webhooks", "list", "ops", "--json").json().path("webhooks"))
                .isEmpty();
        Cli.Result again = ana.run("webhooks", "delete", "ops", hook.id());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("chat: ");
    }

    @Test
    void the_printed_curl_line_posts_a_message_as_it_stands() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/curl")))
                .as("curl is installed")
                .isTrue();
        start();
        Incoming hook = createIncoming("ops", "ci-bot");

        assertThat(hook.curl()).startsWith("curl ").endsWith(" '" + hook.url() + "'");
        Process curl = new ProcessBuilder("bash", "-c", hook.curl())
                .redirectErrorStream(true)
                .start();
        assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(answer).isZero();
        assertThat(Cli.JSON.readTree(answer).path("room").asText()).isEqualTo("ops");
        JsonNode stored = server.get("/api/rooms/ops/messages", anaToken).path("messages");
        assertThat(stored).extracting(m -> m.path("text").asText()).containsExactly("Hello from curl");
    }

    @Test
    void an_outgoing_webhook_to_a_private_address_is_refused_with_the_servers_sentence() {
        start();

        Cli.Result refused = ana.run(
                "webhooks",
                "create",
                "ops",
                "status-bot",
                "--outgoing",
                "https://127.0.0.1/chat",
                "--trigger",
                "!status");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err())
                .isEqualTo("chat: The host 127.0.0.1 is (or resolves to) a private, loopback or link-local address,"
                        + " which this server does not call.\n");
        assertThat(ana.run("webhooks", "list", "ops", "--json").json().path("webhooks"))
                .isEmpty();
    }

    @Test
    void an_incoming_webhooks_log_is_empty() {
        start();
        Incoming hook = createIncoming("ops", "ci-bot");

        Cli.Result log = ana.run("webhooks", "log", "ops", hook.id());

        assertThat(log.exitCode()).as(log.err()).isZero();
        assertThat(log.out()).isEqualTo("No delivery attempts.\n");
        assertThat(ana.run("webhooks", "log", "ops", hook.id(), "--json").json().path("attempts"))
                .isEmpty();
    }

    @Test
    void an_outgoing_webhooks_log_shows_each_failed_attempt_newest_first() throws Exception {
        start("--webhooks-allow-private-targets", "true", "--webhooks-first-retry", "100ms");
        String receiver = "http://127.0.0.1:" + closedPort() + "/chat";
        Cli.Result made =
                ana.run("webhooks", "create", "ops", "status-bot", "--outgoing", receiver, "--trigger", "!status");
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.lines().get(0))
                .matches("Made outgoing webhook [0-9a-f]{12} in #ops: it sends the messages that start with "
                        + "!status to " + receiver + ", and posts the answers as status-bot\\.");
        assertThat(made.lines().get(1)).isEqualTo("Its signing key, shown this once (keep it like a password):");
        assertThat(made.lines().get(2)).startsWith("whsec_");
        assertThat(made.lines().get(3))
                .isEqualTo("Check each request's X-Chat-Signature with it (docs/integrations.md).");
        String id = made.lines()
                .get(0)
                .substring("Made outgoing webhook ".length(), "Made outgoing webhook ".length() + 12);
        assertThat(ana.run("webhooks", "list", "ops").lines().get(1))
                .matches(id + " +outgoing +status-bot +" + receiver + " +!status +ana +.*");
        // A bot's message is never sent to an outgoing webhook (two bots could answer each other for ever); ana's is.
        Incoming ci = createIncoming("ops", "ci-bot");
        assertThat(post(ci.url(), "{\"text\": \"!status from a bot\"}").statusCode())
                .isEqualTo(201);
        long message = ana.run("send", "ops", "!status please", "--json")
                .json()
                .path("id")
                .asLong();

        List<String> lines = awaitLog(id, 2);

        assertThat(lines.get(0)).matches("TIME +MESSAGE +ATTEMPT +STATUS +ERROR");
        assertThat(lines.get(1)).matches("\\d{4}-\\S+Z +" + message + " +\\d+ +- +\\S.*");
        int newest = Integer.parseInt(lines.get(1).split(" +")[2]);
        int older = Integer.parseInt(lines.get(2).split(" +")[2]);
        assertThat(newest).isGreaterThan(older);
    }

    private List<String> awaitLog(String id, int attempts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Cli.Result log = ana.run("webhooks", "log", "ops", id);
            assertThat(log.exitCode()).as(log.err()).isZero();
            if (log.lines().size() > attempts) {
                return log.lines();
            }
            assertThat(System.nanoTime())
                    .as("%d attempts logged; so far:%n%s", attempts, log.out())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
