package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.ChatApi;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat tokens create|list|revoke} against a real server: the token made works, and revoked it does not. */
class TokensCommandTest {

    @TempDir
    Path data;

    @TempDir
    Path anaConfig;

    private TestServer server;
    private Cli ana;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        ana = new Cli(anaConfig).login(server, "ana");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_token_is_made_shown_once_listed_used_and_revoked() {
        Cli.Result made =
                ana.run("tokens", "create", "deploys", "--room", "General", "--read-only", "--expires-in", "30d");

        assertThat(made.exitCode()).as(made.err()).isZero();
        String[] lines = made.out().split("\n");
        assertThat(lines[0]).matches("Made access token [0-9a-f]{12} \\(deploys\\) for ana: general, read only\\.");
        assertThat(lines[1]).isEqualTo("Its secret, shown this once:");
        String secret = lines[2];
        assertThat(secret).startsWith("chat_");
        String id = lines[0].substring("Made access token ".length(), "Made access token ".length() + 12);

        ChatApi asToken = new ChatApi(server.url()).withToken(secret);
        assertThat(asToken.history("general", null, 10).messages()).isEmpty();

        Cli.Result listed = ana.run("tokens", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out())
                .startsWith("ID  ")
                .contains(id)
                .contains("general, read only")
                .doesNotContain(secret);
        JsonNode json =
                ana.run("tokens", "list", "--json").json().path("tokens").get(0);
        assertThat(json.path("id").asText()).isEqualTo(id);
        Instant expires = Instant.parse(json.path("expiresAt").asText());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofDays(29), Duration.ofDays(30));

        Cli.Result revoked = ana.run("tokens", "revoke", id);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(revoked.out()).isEqualTo("Revoked access token " + id + ".\n");
        assertThat(server.status("/api/me", secret)).isEqualTo(401);
        assertThat(ana.run("tokens", "revoke", id).exitCode()).isEqualTo(1);
    }

    @Test
    void a_bad_expiry_is_a_usage_error_and_makes_nothing() {
        Cli.Result refused = ana.run("tokens", "create", "x", "--expires-in", "soon");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--expires-in is a number of days or hours");
        assertThat(ana.run("tokens", "list", "--json").json().path("tokens")).isEmpty();
    }
}
