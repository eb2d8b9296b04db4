package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.term.PipedTerminal;
import dev.chat.client.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningInTest {

    @TempDir
    Path data;

    @TempDir
    Path home;

    private TestServer server;
    private Path configDir;
    private Cli cli;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        server.signUp("ana");
        configDir = home.resolve("config").resolve("chat");
        cli = new Cli(configDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void login_keeps_the_session_in_a_file_only_the_user_can_read() throws IOException {
        Cli.Result result = cli.runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", server.url(), "--user", "ana", "--password-stdin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Signed in to " + server.url() + " as ana.\n");
        Path file = configDir.resolve("config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configDir)))
                .isEqualTo("rwx------");
        JsonNode config = Cli.JSON.readTree(file.toFile());
        assertThat(config.path("default").asText()).isEqualTo(server.url());
        JsonNode entry = config.path("servers").path(server.url());
        assertThat(entry.path("username").asText()).isEqualTo("ana");
        assertThat(server.status("/api/me", entry.path("token").asText())).isEqualTo(200);
    }

    @Test
    void login_at_a_terminal_asks_for_the_name_and_the_password_without_echoing_it() throws Exception {
        try (PipedTerminal terminal = new PipedTerminal(configDir, "login", "--server", server.url())) {
            terminal.await("Username: ");
            terminal.type("ana\r");
            terminal.await("Password for ana on " + server.url() + ": ");
            terminal.type(TestServer.PASSWORD + "\r");

            assertThat(terminal.awaitExit()).as(terminal.err()).isZero();
            assertThat(terminal.screen()).doesNotContain(TestServer.PASSWORD).doesNotContain("*****");
        }
        assertThat(cli.run("whoami").out()).isEqualTo("ana on " + server.url() + "\n");
    }

    @Test
    void the_terminal_chat_needs_a_terminal() {
        cli.login(server, "ana");

        Cli.Result room = cli.run("room", "general");
        assertThat(room.exitCode()).isEqualTo(2);
        assertThat(room.err())
                .isEqualTo("chat: the terminal chat needs a terminal; in scripts use chat send, "
                        + "chat tail and chat history\n");

        Cli.Result alone = cli.run();
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).startsWith("Usage: chat ");
    }

    @Test
    void whoami_names_the_user_and_its_json_parses() {
        cli.login(server, "ana");

        assertThat(cli.run("whoami").out()).isEqualTo("ana on " + server.url() + "\n");
        JsonNode me = cli.run("whoami", "--json").json();
        assertThat(me.path("username").asText()).isEqualTo("ana");
        assertThat(me.path("server").asText()).isEqualTo(server.url());
        assertThat(me.path("admin").asBoolean()).isFalse();
    }

    @Test
    void an_admin_is_told_so_at_login() {
        server.signUp("admin");

        Cli.Result result = cli.runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", server.url(), "--user", "admin", "--password-stdin");

        assertThat(result.out()).isEqualTo("Signed in to " + server.url() + " as admin (admin).\n");
    }

    @Test
    void logout_ends_the_session_on_the_server_and_forgets_the_token() throws IOException {
        cli.login(server, "ana");
        String token = Cli.JSON
                .readTree(configDir.resolve("config.json").toFile())
                .path("servers")
                .path(server.url())
                .path("token")
                .asText();

        Cli.Result result = cli.run("logout");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Signed out of " + server.url() + ".\n");
        assertThat(server.status("/api/me", token)).isEqualTo(401);
        assertThat(Files.readString(configDir.resolve("config.json"))).doesNotContain(token);
        Cli.Result after = cli.run("whoami");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).isEqualTo("chat: sign in first: chat login --server " + server.url() + "\n");
    }

    @Test
    void a_second_login_signs_the_first_session_out() throws IOException {
        cli.login(server, "ana");
        String first = Cli.JSON
                .readTree(configDir.resolve("config.json").toFile())
                .path("servers")
                .path(server.url())
                .path("token")
                .asText();

        cli.login(server, "ana");

        assertThat(server.status("/api/me", first)).isEqualTo(401);
        assertThat(cli.run("whoami").exitCode()).isZero();
    }

    @Test
    void a_wrong_password_fails_with_exit_1_and_one_line_and_keeps_nothing() {
        Cli.Result result = cli.runWithInput(
                "not the password\n", "login", "--server", server.url(), "--user", "ana", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("chat: Wrong username or password.\n");
        assertThat(result.out()).isEmpty();
        assertThat(configDir.resolve("config.json")).doesNotExist();
    }

    @Test
    void an_unreachable_server_fails_with_exit_1_naming_it() throws IOException {
        String nowhere = "http://127.0.0.1:" + freePort();

        Cli.Result result = cli.runWithInput(
                TestServer.PASSWORD + "\n", "login", "--server", nowhere, "--user", "ana", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("chat: cannot reach " + nowhere + ": connection refused\n");
    }

    @Test
    void usage_mistakes_exit_2_with_one_line() {
        Cli.Result missing = cli.run("send");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("chat: Missing required parameter: 'ROOM' (see 'chat send --help')\n");

        Cli.Result unknown = cli.run("rooms", "--colour");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().lines()).hasSize(1).first().asString().contains("--colour");

        assertThat(cli.run("history", "general", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(cli.run("login", "--server", "ftp://example.com").exitCode()).isEqualTo(2);
        assertThat(cli.run("login", "--server", server.url()).err())
                .isEqualTo("chat: no terminal to ask for the password: pass it with --user NAME --password-stdin\n");
    }

    @Test
    void commands_without_a_session_say_how_to_sign_in() {
        Cli.Result result = cli.run("rooms", "--server", server.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("chat: sign in first: chat login --server " + server.url() + "\n");
    }

    @Test
    void a_session_ended_elsewhere_is_reported_with_how_to_sign_in_again() throws IOException {
        cli.login(server, "ana");
        String token = Cli.JSON
                .readTree(configDir.resolve("config.json").toFile())
                .path("servers")
                .path(server.url())
                .path("token")
                .asText();
        server.post("/api/logout", "{}", token);

        Cli.Result result = cli.run("rooms");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("chat: your session has ended; sign in again: chat login --server " + server.url() + "\n");
    }

    @Test
    void the_server_is_the_option_else_CHAT_SERVER_else_the_last_one_signed_in_to() throws IOException {
        cli.login(server, "ana");
        assertThat(cli.run("rooms").exitCode())
                .as("the last server signed in to")
                .isZero();

        String other = "http://127.0.0.1:" + freePort();
        cli.env("CHAT_SERVER", other);
        assertThat(cli.run("rooms").err())
                .as("CHAT_SERVER")
                .isEqualTo("chat: sign in first: chat login --server " + other + "\n");

        assertThat(cli.run("rooms", "--server", server.url()).exitCode())
                .as("--server")
                .isZero();
        assertThat(cli.run("--server", server.url(), "rooms").exitCode())
                .as("--server before the command")
                .isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
