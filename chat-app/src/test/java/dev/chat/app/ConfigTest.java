package dev.chat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static final String[] NO_ARGS = {};

    @Test
    void starts_with_sensible_defaults() {
        Config config = Config.load(NO_ARGS, Map.of());

        assertThat(config.host())
                .as("loopback: not reachable from the network by surprise")
                .isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.allowedHosts()).isEmpty();
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(200);
        assertThat(config.signupsPerAddress()).isEqualTo(10);
        assertThat(config.guestsPerAddress()).isEqualTo(30);
        assertThat(config.maxRoomsPerUser()).isEqualTo(50);
        assertThat(config.maxRoomsPerConnection()).isEqualTo(200);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.guests()).isFalse();
        assertThat(config.defaultRooms()).containsExactly(RoomName.of("general"));
        assertThat(config.admins()).isEmpty();
        assertThat(config.rateLimit()).isEqualTo(20);
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofDays(30));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.secureCookies()).isFalse();
        assertThat(config.store()).isEqualTo(Config.Store.SQLITE);
        assertThat(config.dynamodbTablePrefix()).isEqualTo("chat-");
        assertThat(config.dynamodbEndpoint()).isEmpty();
        assertThat(config.dynamodbCreateTables()).isFalse();
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.nodeName()).isEmpty();
    }

    @Test
    void reads_every_setting_from_its_environment_variable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("CHAT_HOST", "127.0.0.1"),
                Map.entry("CHAT_PORT", "9090"),
                Map.entry("CHAT_DATA_DIR", "/var/lib/chat"),
                Map.entry("CHAT_ALLOWED_ORIGINS", "https://chat.example.com, http://localhost:5173"),
                Map.entry("CHAT_GUESTS", "true"),
                Map.entry("CHAT_DEFAULT_ROOMS", "general,Random,general"),
                Map.entry("CHAT_ADMINS", "ana,Bob"),
                Map.entry("CHAT_RATE_LIMIT", "0"),
                Map.entry("CHAT_SESSION_IDLE", "12h"),
                Map.entry("CHAT_PING_INTERVAL", "500ms"),
                Map.entry("CHAT_SHUTDOWN_GRACE", "5m"),
                Map.entry("CHAT_SECURE_COOKIES", "yes"),
                Map.entry("CHAT_STORE", "DynamoDB"),
                Map.entry("CHAT_DYNAMODB_TABLE_PREFIX", "chat-prod-"),
                Map.entry("CHAT_DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"),
                Map.entry("CHAT_DYNAMODB_CREATE_TABLES", "true"),
                Map.entry("CHAT_REDIS_URL", "rediss://:s3cret@cache.example.com:6379"),
                Map.entry("CHAT_NODE_NAME", "chat-1.eu-west-1a"));

        Config config = Config.load(NO_ARGS, env);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/chat"));
        assertThat(config.allowedOrigins()).containsExactly("https://chat.example.com", "http://localhost:5173");
        assertThat(config.guests()).isTrue();
        assertThat(config.defaultRooms()).containsExactly(RoomName.of("general"), RoomName.of("random"));
        assertThat(config.admins()).containsExactlyInAnyOrder(Username.of("ana"), Username.of("bob"));
        assertThat(config.rateLimit()).isZero();
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofHours(12));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.secureCookies()).isTrue();
        assertThat(config.store()).isEqualTo(Config.Store.DYNAMODB);
        assertThat(config.dynamodbTablePrefix()).isEqualTo("chat-prod-");
        assertThat(config.dynamodbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.dynamodbCreateTables()).isTrue();
        assertThat(config.redisUrl()).contains(URI.create("rediss://:s3cret@cache.example.com:6379"));
        assertThat(config.nodeName()).contains("chat-1.eu-west-1a");
    }

    @Test
    void a_bad_redis_url_is_refused_without_echoing_its_password() {
        assertRefused(new String[] {"--redis-url", "http://:s3cret@cache:6379"}, Map.of())
                .hasMessageContaining("--redis-url / CHAT_REDIS_URL")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void the_configuration_never_prints_the_redis_password() {
        Config config = Config.load(new String[] {"--redis-url", "redis://:s3cret@127.0.0.1:6379"}, Map.of());

        assertThat(config.toString()).contains("redis://127.0.0.1:6379").doesNotContain("s3cret");
    }

    @Test
    void an_unknown_store_is_refused_naming_the_choices() {
        assertRefused(new String[] {"--store", "postgres"}, Map.of())
                .hasMessageContaining("--store / CHAT_STORE")
                .hasMessageContaining("'postgres' is not sqlite or dynamodb");
    }

    @Test
    void a_table_prefix_dynamodb_would_refuse_is_refused_at_start() {
        assertRefused(new String[] {"--dynamodb-table-prefix", "chat prod/"}, Map.of())
                .hasMessageContaining("--dynamodb-table-prefix / CHAT_DYNAMODB_TABLE_PREFIX")
                .hasMessageContaining("'chat prod/'");
    }

    @Test
    void a_node_name_is_one_word_of_plain_characters() {
        assertRefused(new String[] {"--node-name", "node one"}, Map.of())
                .hasMessageContaining("--node-name / CHAT_NODE_NAME")
                .hasMessageContaining("'node one'");
    }

    @Test
    void a_dynamodb_endpoint_must_be_an_http_url() {
        assertRefused(new String[] {"--dynamodb-endpoint", "localhost:8000"}, Map.of())
                .hasMessageContaining("--dynamodb-endpoint / CHAT_DYNAMODB_ENDPOINT")
                .hasMessageContaining("'localhost:8000' is not a URL");
    }

    @Test
    void dynamodb_that_cannot_be_reached_stops_the_start_with_one_line_and_exit_code_one() {
        Run run = runMain(
                new String[] {"--port", "0", "--store", "dynamodb", "--dynamodb-endpoint", "http://127.0.0.1:1"});

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.lines().toList())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).startsWith("chat: cannot start: Cannot use DynamoDB at http://127.0.0.1:1"));
    }

    @Test
    void a_command_line_option_wins_over_its_environment_variable() {
        Config config = Config.load(
                new String[] {"--port", "7000", "--guests", "false"},
                Map.of("CHAT_PORT", "9090", "CHAT_GUESTS", "true", "CHAT_RATE_LIMIT", "5"));

        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.guests()).isFalse();
        assertThat(config.rateLimit())
                .as("a variable without an option still counts")
                .isEqualTo(5);
    }

    @Test
    void accepts_options_in_the_name_equals_value_form() {
        Config config =
                Config.load(new String[] {"--port=7001", "--default-rooms=lobby,help", "--session-idle=1d"}, Map.of());

        assertThat(config.port()).isEqualTo(7001);
        assertThat(config.defaultRooms()).containsExactly(RoomName.of("lobby"), RoomName.of("help"));
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void a_bad_port_is_refused_naming_the_setting_and_the_value() {
        assertRefused(NO_ARGS, Map.of("CHAT_PORT", "abc"))
                .hasMessageContaining("--port / CHAT_PORT")
                .hasMessageContaining("abc");
        assertRefused(new String[] {"--port", "65536"}, Map.of())
                .hasMessageContaining("--port / CHAT_PORT")
                .hasMessageContaining("65536");
    }

    @Test
    void the_connection_cap_defaults_to_50_and_must_be_at_least_1() {
        assertThat(Config.load(NO_ARGS, Map.of()).maxConnectionsPerUser()).isEqualTo(50);
        assertThat(Config.load(new String[] {"--max-connections-per-user", "3"}, Map.of())
                        .maxConnectionsPerUser())
                .isEqualTo(3);
        assertRefused(new String[] {"--max-connections-per-user", "0"}, Map.of())
                .hasMessageContaining("--max-connections-per-user / CHAT_MAX_CONNECTIONS_PER_USER")
                .hasMessageContaining("'0'");
    }

    @Test
    void passwords_are_hashed_at_owasps_minimum_unless_set_and_a_cost_argon2_cannot_take_is_refused() {
        Config defaults = Config.load(NO_ARGS, Map.of());
        assertThat(defaults.argon2MemoryKib()).isEqualTo(19_456);
        assertThat(defaults.argon2Passes()).isEqualTo(2);
        assertThat(defaults.passwordHasher().hash(new Password("a-password")))
                .startsWith("$argon2id$v=19$m=19456,t=2,p=1$");

        Config light = Config.load(new String[] {"--argon2-memory", "64"}, Map.of("CHAT_ARGON2_PASSES", "1"));
        assertThat(light.passwordHasher().hash(new Password("a-password"))).startsWith("$argon2id$v=19$m=64,t=1,p=1$");

        assertRefused(new String[] {"--argon2-memory", "7"}, Map.of())
                .hasMessageContaining("--argon2-memory / CHAT_ARGON2_MEMORY")
                .hasMessageContaining("'7'")
                .hasMessageContaining("8 or more");
        assertRefused(new String[] {"--argon2-passes", "0"}, Map.of())
                .hasMessageContaining("--argon2-passes / CHAT_ARGON2_PASSES")
                .hasMessageContaining("1 or more");
        assertRefused(new String[] {"--argon2-memory", "19MiB"}, Map.of()).hasMessageContaining("'19MiB'");
    }

    @Test
    void a_bad_rate_limit_is_refused_naming_the_setting() {
        assertRefused(new String[] {"--rate-limit", "-1"}, Map.of())
                .hasMessageContaining("--rate-limit / CHAT_RATE_LIMIT")
                .hasMessageContaining("-1");
        assertRefused(NO_ARGS, Map.of("CHAT_RATE_LIMIT", "lots"))
                .hasMessageContaining("--rate-limit / CHAT_RATE_LIMIT")
                .hasMessageContaining("lots");
    }

    @Test
    void a_bad_duration_is_refused_naming_the_setting() {
        assertRefused(NO_ARGS, Map.of("CHAT_SESSION_IDLE", "30x"))
                .hasMessageContaining("--session-idle / CHAT_SESSION_IDLE")
                .hasMessageContaining("30x");
        assertRefused(new String[] {"--ping-interval", "0s"}, Map.of())
                .hasMessageContaining("--ping-interval / CHAT_PING_INTERVAL")
                .hasMessageContaining("0s");
        assertRefused(new String[] {"--shutdown-grace", "20"}, Map.of())
                .hasMessageContaining("--shutdown-grace / CHAT_SHUTDOWN_GRACE");
    }

    @Test
    void a_bad_origin_is_refused_naming_the_setting() {
        assertRefused(new String[] {"--allowed-origins", "https://ok.example.com,chat.example.com"}, Map.of())
                .hasMessageContaining("--allowed-origins / CHAT_ALLOWED_ORIGINS")
                .hasMessageContaining("'chat.example.com'");
        assertRefused(NO_ARGS, Map.of("CHAT_ALLOWED_ORIGINS", "https://chat.example.com/app"))
                .hasMessageContaining("--allowed-origins / CHAT_ALLOWED_ORIGINS");
    }

    @Test
    void any_origin_may_be_allowed_with_a_star() {
        assertThat(Config.load(new String[] {"--allowed-origins", "*"}, Map.of())
                        .allowedOrigins())
                .containsExactly("*");
    }

    @Test
    void a_bad_room_name_is_refused_naming_the_setting() {
        assertRefused(new String[] {"--default-rooms", "general,coffee break"}, Map.of())
                .hasMessageContaining("--default-rooms / CHAT_DEFAULT_ROOMS")
                .hasMessageContaining("'coffee break'");
    }

    @Test
    void a_bad_admin_name_is_refused_naming_the_setting() {
        assertRefused(NO_ARGS, Map.of("CHAT_ADMINS", "ana,b@d"))
                .hasMessageContaining("--admins / CHAT_ADMINS")
                .hasMessageContaining("'b@d'");
    }

    @Test
    void a_bad_boolean_is_refused_naming_the_setting() {
        assertRefused(NO_ARGS, Map.of("CHAT_GUESTS", "maybe"))
                .hasMessageContaining("--guests / CHAT_GUESTS")
                .hasMessageContaining("maybe");
    }

    @Test
    void an_empty_data_dir_is_refused_naming_the_setting() {
        assertRefused(new String[] {"--data-dir="}, Map.of()).hasMessageContaining("--data-dir / CHAT_DATA_DIR");
    }

    @Test
    void an_unknown_option_is_refused_by_name() {
        assertRefused(new String[] {"--colour", "blue"}, Map.of())
                .hasMessageContaining("--colour")
                .hasMessageContaining("--help");
    }

    @Test
    void an_argument_that_is_not_an_option_is_refused() {
        assertRefused(new String[] {"8080"}, Map.of()).hasMessageContaining("'8080'");
    }

    @Test
    void an_option_without_a_value_is_refused_by_name() {
        assertRefused(new String[] {"--guests", "true", "--port"}, Map.of())
                .hasMessageContaining("--port")
                .hasMessageContaining("needs a value");
    }

    @Test
    void an_option_followed_by_another_option_has_no_value() {
        assertRefused(new String[] {"--data-dir", "--guests", "true"}, Map.of())
                .hasMessageContaining("--data-dir")
                .hasMessageContaining("needs a value");
    }

    @Test
    void an_empty_environment_variable_counts_as_unset() {
        Config config = Config.load(NO_ARGS, Map.of("CHAT_PORT", "", "CHAT_DATA_DIR", " "));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    }

    @Test
    void an_empty_host_is_refused_naming_the_setting() {
        assertRefused(new String[] {"--host="}, Map.of()).hasMessageContaining("--host / CHAT_HOST");
    }

    @Test
    void origins_are_accepted_in_any_case() {
        assertThat(Config.load(new String[] {"--allowed-origins", "HTTPS://Chat.example.com"}, Map.of())
                        .allowedOrigins())
                .containsExactly("HTTPS://Chat.example.com");
    }

    @Test
    void help_exits_with_zero_and_lists_every_option_and_variable() {
        Run run = runMain(new String[] {"--help"});

        assertThat(run.exitCode).isZero();
        assertThat(run.err).isEmpty();
        for (Config.Setting setting : Config.Setting.values()) {
            assertThat(run.out).contains("--" + setting.option).contains(setting.env());
        }
        assertThat(run.out).contains("--help");
    }

    @Test
    void a_bad_setting_exits_with_two_and_one_line_naming_it() {
        Run run = runMain(new String[] {"--port", "x"});

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("chat: ")
                        .contains("--port / CHAT_PORT")
                        .contains("'x'"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            String[] args, Map<String, String> env) {
        return assertThatThrownBy(() -> Config.load(args, env)).isInstanceOf(ConfigException.class);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run runMain(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Main.run(
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void limits_proxies_hosts_and_the_public_url_are_read_and_bad_ones_named() {
        Config config = Config.load(
                new String[] {
                    "--trusted-proxies",
                    "10.0.0.0/16, ::1",
                    "--public-url",
                    "https://chat.example.com",
                    "--allowed-hosts",
                    "chat.internal",
                    "--signups-per-address",
                    "0",
                    "--max-rooms-per-connection",
                    "5"
                },
                Map.of());
        assertThat(config.trustedProxies()).containsExactly("10.0.0.0/16", "::1");
        assertThat(config.publicUrl()).contains(java.net.URI.create("https://chat.example.com"));
        assertThat(config.allowedHosts()).containsExactly("chat.internal");
        assertThat(config.signupsPerAddress()).isZero();
        assertThat(config.maxRoomsPerConnection()).isEqualTo(5);

        assertThatThrownBy(() -> Config.load(new String[] {"--trusted-proxies", "lb.example.com"}, Map.of()))
                .hasMessageContaining("--trusted-proxies / CHAT_TRUSTED_PROXIES")
                .hasMessageContaining("lb.example.com");
        assertThatThrownBy(() -> Config.load(new String[] {"--public-url", "https://chat.example.com/app"}, Map.of()))
                .hasMessageContaining("--public-url / CHAT_PUBLIC_URL");
        assertThatThrownBy(() -> Config.load(new String[] {"--max-rooms-per-connection", "0"}, Map.of()))
                .hasMessageContaining("--max-rooms-per-connection / CHAT_MAX_ROOMS_PER_CONNECTION");
        assertThatThrownBy(() -> Config.load(new String[] {"--guests-per-address", "-1"}, Map.of()))
                .hasMessageContaining("--guests-per-address / CHAT_GUESTS_PER_ADDRESS");
    }
}
