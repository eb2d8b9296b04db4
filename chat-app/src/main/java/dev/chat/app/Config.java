package dev.chat.app;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's configuration, read from command-line options and environment variables of the same
 * name ({@code --data-dir} / {@code CHAT_DATA_DIR}); an option wins over the variable. Every bad value
 * is refused with a {@link ConfigException} naming the setting.
 */
public record Config(
        String host,
        int port,
        Optional<URI> publicUrl,
        List<String> allowedHosts,
        List<String> trustedProxies,
        Path dataDir,
        List<String> allowedOrigins,
        boolean guests,
        List<RoomName> defaultRooms,
        Set<Username> admins,
        int rateLimit,
        int maxConnectionsPerUser,
        int maxConnectionsPerAddress,
        int signupsPerAddress,
        int guestsPerAddress,
        int maxRoomsPerUser,
        int maxRoomsPerConnection,
        Duration sessionIdle,
        Duration pingInterval,
        Duration shutdownGrace,
        boolean secureCookies,
        Store store,
        String dynamodbTablePrefix,
        Optional<URI> dynamodbEndpoint,
        boolean dynamodbCreateTables,
        Optional<URI> redisUrl,
        Optional<String> nodeName,
        Optional<Integer> managementPort,
        String managementHost,
        LogFormat logFormat,
        boolean webhooksAllowPrivateTargets,
        Duration webhooksFirstRetry,
        int argon2MemoryKib,
        int argon2Passes) {

    /** Where accounts, sessions, rooms and messages are kept. */
    public enum Store {
        SQLITE,
        DYNAMODB
    }

    /** Every setting: option name, environment variable, default, and what it does (for {@code --help}). */
    enum Setting {
        HOST(
                "host",
                "127.0.0.1",
                "Address to listen on. The default, loopback, keeps the chat off the network; "
                        + "0.0.0.0 listens on every interface (a container or a server behind a load balancer)."),
        PORT("port", "8080", "Port to listen on."),
        PUBLIC_URL(
                "public-url",
                "",
                "The address users reach the chat at, such as https://chat.example.com: its "
                        + "host name is answered, its origin is the server's own, and password reset links start with it."),
        ALLOWED_HOSTS(
                "allowed-hosts",
                "",
                "Comma-separated host names the server answers to besides IP addresses, "
                        + "localhost and the public URL's host (others get 421, against DNS rebinding); * for any."),
        TRUSTED_PROXIES(
                "trusted-proxies",
                "",
                "Comma-separated addresses or CIDR ranges of the load balancers "
                        + "whose X-Forwarded-For names the client (per-address limits count that client). Empty: the "
                        + "connection's peer is the client."),
        DATA_DIR("data-dir", "./data", "Folder of the SQLite database."),
        ALLOWED_ORIGINS(
                "allowed-origins",
                "",
                "Comma-separated browser origins allowed to connect, or * for any. "
                        + "Empty: the server's own origin only."),
        GUESTS("guests", "false", "Allow \"continue as guest\" (true/false)."),
        DEFAULT_ROOMS("default-rooms", "general", "Comma-separated rooms created at first start."),
        ADMINS(
                "admins",
                "",
                "Comma-separated usernames with the admin role. Such a name cannot be registered: "
                        + "the operator makes its account on the server (java -jar chat-app.jar admin create NAME)."),
        RATE_LIMIT(
                "rate-limit",
                "20",
                "Messages one user may send per 10 s (all guests of one address together "
                        + "as much); 0 turns the limit off."),
        MAX_CONNECTIONS_PER_USER(
                "max-connections-per-user",
                "50",
                "WebSockets one user may hold open (over every "
                        + "node, with Redis); the next handshake is refused with 429 too_many_connections."),
        MAX_CONNECTIONS_PER_ADDRESS(
                "max-connections-per-address",
                "200",
                "WebSockets one client address may hold "
                        + "open (over every node, with Redis); 0 turns the limit off."),
        SIGNUPS_PER_ADDRESS(
                "signups-per-address",
                "10",
                "Accounts one client address may register per hour; 0 " + "turns the limit off."),
        GUESTS_PER_ADDRESS(
                "guests-per-address",
                "30",
                "Guest sessions one client address may start per hour; 0 " + "turns the limit off."),
        MAX_ROOMS_PER_USER(
                "max-rooms-per-user",
                "50",
                "Rooms one account may create (admins are not limited); 0 " + "turns the limit off."),
        MAX_ROOMS_PER_CONNECTION("max-rooms-per-connection", "200", "Rooms one connection may be in at once."),
        SESSION_IDLE("session-idle", "30d", "How long an unused session stays signed in (e.g. 12h, 30d)."),
        PING_INTERVAL(
                "ping-interval",
                "30s",
                "A WebSocket whose client is silent this long is pinged; after "
                        + "three silent intervals it is dropped. Keep it below the load balancer's idle timeout."),
        SHUTDOWN_GRACE("shutdown-grace", "20s", "How long a graceful shutdown (SIGTERM) may take."),
        SECURE_COOKIES("secure-cookies", "false", "Mark the session cookie Secure (set when served over HTTPS)."),
        STORE(
                "store",
                "sqlite",
                "Where accounts, rooms and messages are kept: sqlite (one file under --data-dir, "
                        + "one node) or dynamodb (shared by every node; region and credentials from the AWS SDK's "
                        + "default chain)."),
        DYNAMODB_TABLE_PREFIX(
                "dynamodb-table-prefix",
                "chat-",
                "Prefix of the DynamoDB table names (<prefix>accounts, sessions, rooms, members, messages, "
                        + "mentions, tokens, webhooks, webhook_log)."),
        DYNAMODB_ENDPOINT(
                "dynamodb-endpoint",
                "",
                "A DynamoDB-compatible server to use instead of AWS, such as "
                        + "http://127.0.0.1:8000 (region then defaults to us-east-1, credentials to dummy ones)."),
        DYNAMODB_CREATE_TABLES(
                "dynamodb-create-tables",
                "false",
                "Create missing DynamoDB tables at start " + "(local use; in AWS the deploy templates own them)."),
        REDIS_URL(
                "redis-url",
                "",
                "Redis that carries events and presence between nodes: redis://host:6379, "
                        + "rediss://host:6379 for TLS, with a password as redis://:password@host:6379 (ElastiCache AUTH) "
                        + "or user and password. Empty: in-process fan-out, one node."),
        NODE_NAME(
                "node-name",
                "",
                "This node's name in the admin's figures (GET /api/admin/stats); letters, "
                        + "digits, '.', '_', ':' and '-'. Empty: the host's name and the process id."),
        MANAGEMENT_PORT(
                "management-port",
                "",
                "Port of the management listener, which serves GET /metrics (Prometheus's text format) and "
                        + "nothing else, never on --port; 0 picks a free one. Empty: no management listener."),
        MANAGEMENT_HOST(
                "management-host",
                "127.0.0.1",
                "Address of the management listener. The default, loopback, lets a collector on the same host "
                        + "or in the same task (a sidecar) scrape it and nobody else."),
        LOG_FORMAT(
                "log-format",
                "text",
                "text, or json: one JSON object per line (for CloudWatch Logs and other collectors), with the "
                        + "connection's and the request's id in every line about one (the level: CHAT_LOG_LEVEL)."),
        WEBHOOKS_ALLOW_PRIVATE_TARGETS(
                "webhooks-allow-private-targets",
                "false",
                "Let outgoing webhooks call plain http:// URLs and loopback, private and link-local addresses "
                        + "(receivers on the server's own network). Off: only https:// to public addresses (SSRF)."),
        WEBHOOKS_FIRST_RETRY(
                "webhooks-first-retry",
                "1s",
                "The pause before an outgoing webhook's message is tried again; it doubles with each try, up to "
                        + "10 minutes, for 24 hours."),
        ARGON2_MEMORY(
                "argon2-memory",
                String.valueOf(Argon2PasswordHasher.DEFAULT_MEMORY_KIB),
                "Memory of each password hash (Argon2id), in KiB, 8 or more: more makes a stolen hash costlier to "
                        + "crack and every sign-in slower. Each hash records its cost, so a change applies to "
                        + "passwords set after it and every older one still signs in. Below OWASP's minimum (19456 "
                        + "KiB with 2 passes, or an equivalent: " + Argon2PasswordHasher.OWASP_EQUIVALENTS + ") is "
                        + "for tests, and the server warns at start."),
        ARGON2_PASSES(
                "argon2-passes",
                String.valueOf(Argon2PasswordHasher.DEFAULT_PASSES),
                "Passes of each password hash over its memory, 1 or more (see --argon2-memory).");

        final String option;
        final String defaultValue;
        final String help;

        Setting(String option, String defaultValue, String help) {
            this.option = option;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        String env() {
            return "CHAT_" + name();
        }

        String label() {
            return "--" + option + " / " + env();
        }
    }

    /** The password hasher at the configured cost. */
    public Argon2PasswordHasher passwordHasher() {
        return new Argon2PasswordHasher(argon2MemoryKib, argon2Passes);
    }

    /** Reads the configuration; {@code --help} is handled by the caller. */
    public static Config load(String[] args, Map<String, String> env) {
        Map<Setting, String> values = new HashMap<>();
        for (Setting s : Setting.values()) {
            String fromEnv = env.get(s.env());
            // An empty variable is an unset one: orchestrators often pass VAR= for "no value".
            values.put(s, fromEnv != null && !fromEnv.isBlank() ? fromEnv : s.defaultValue);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("Unexpected argument '" + arg + "'. Try --help.");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Setting setting = byOption(name);
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new ConfigException("Option --" + name + " needs a value.");
                }
                value = args[++i];
            }
            values.put(setting, value);
        }
        return new Config(
                ConfigValues.nonEmpty(Setting.HOST, values.get(Setting.HOST)),
                ConfigValues.port(values.get(Setting.PORT)),
                ConfigValues.publicUrl(values.get(Setting.PUBLIC_URL)),
                ConfigValues.hosts(values.get(Setting.ALLOWED_HOSTS)),
                ConfigValues.proxies(values.get(Setting.TRUSTED_PROXIES)),
                Path.of(ConfigValues.nonEmpty(Setting.DATA_DIR, values.get(Setting.DATA_DIR))),
                ConfigValues.origins(values.get(Setting.ALLOWED_ORIGINS)),
                ConfigValues.bool(Setting.GUESTS, values.get(Setting.GUESTS)),
                ConfigValues.rooms(values.get(Setting.DEFAULT_ROOMS)),
                ConfigValues.admins(values.get(Setting.ADMINS)),
                ConfigValues.rateLimit(values.get(Setting.RATE_LIMIT)),
                ConfigValues.connectionCap(values.get(Setting.MAX_CONNECTIONS_PER_USER)),
                ConfigValues.count(
                        Setting.MAX_CONNECTIONS_PER_ADDRESS, values.get(Setting.MAX_CONNECTIONS_PER_ADDRESS), 0),
                ConfigValues.count(Setting.SIGNUPS_PER_ADDRESS, values.get(Setting.SIGNUPS_PER_ADDRESS), 0),
                ConfigValues.count(Setting.GUESTS_PER_ADDRESS, values.get(Setting.GUESTS_PER_ADDRESS), 0),
                ConfigValues.count(Setting.MAX_ROOMS_PER_USER, values.get(Setting.MAX_ROOMS_PER_USER), 0),
                ConfigValues.count(Setting.MAX_ROOMS_PER_CONNECTION, values.get(Setting.MAX_ROOMS_PER_CONNECTION), 1),
                ConfigValues.duration(Setting.SESSION_IDLE, values.get(Setting.SESSION_IDLE)),
                ConfigValues.duration(Setting.PING_INTERVAL, values.get(Setting.PING_INTERVAL)),
                ConfigValues.duration(Setting.SHUTDOWN_GRACE, values.get(Setting.SHUTDOWN_GRACE)),
                ConfigValues.bool(Setting.SECURE_COOKIES, values.get(Setting.SECURE_COOKIES)),
                ConfigValues.store(values.get(Setting.STORE)),
                ConfigValues.tablePrefix(values.get(Setting.DYNAMODB_TABLE_PREFIX)),
                ConfigValues.endpoint(values.get(Setting.DYNAMODB_ENDPOINT)),
                ConfigValues.bool(Setting.DYNAMODB_CREATE_TABLES, values.get(Setting.DYNAMODB_CREATE_TABLES)),
                ConfigValues.redisUrl(values.get(Setting.REDIS_URL)),
                ConfigValues.nodeName(values.get(Setting.NODE_NAME)),
                ConfigValues.optionalPort(Setting.MANAGEMENT_PORT, values.get(Setting.MANAGEMENT_PORT)),
                ConfigValues.nonEmpty(Setting.MANAGEMENT_HOST, values.get(Setting.MANAGEMENT_HOST)),
                ConfigValues.logFormat(values.get(Setting.LOG_FORMAT)),
                ConfigValues.bool(
                        Setting.WEBHOOKS_ALLOW_PRIVATE_TARGETS, values.get(Setting.WEBHOOKS_ALLOW_PRIVATE_TARGETS)),
                ConfigValues.duration(Setting.WEBHOOKS_FIRST_RETRY, values.get(Setting.WEBHOOKS_FIRST_RETRY)),
                ConfigValues.count(
                        Setting.ARGON2_MEMORY,
                        values.get(Setting.ARGON2_MEMORY),
                        Argon2PasswordHasher.LEAST_MEMORY_KIB),
                ConfigValues.count(Setting.ARGON2_PASSES, values.get(Setting.ARGON2_PASSES), 1));
    }

    /** What {@code --help} prints: every option with its environment variable and default. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar chat-app.jar [--option value]...\n\n");
        sb.append("Runs the chat server. Every option can also be set by its environment variable;\n");
        sb.append("an option on the command line wins.\n\n");
        for (Setting s : Setting.values()) {
            sb.append(String.format(Locale.ROOT, "  --%s / %s%n", s.option, s.env()));
            sb.append(wrap(s.help, "        "));
            if (!s.defaultValue.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "        (default: %s)%n", s.defaultValue));
            }
        }
        sb.append(String.format(Locale.ROOT, "  --help, -h%n        Show this help and exit.%n"));
        sb.append("\nOperator commands, run on the server with the same store settings (the password is asked for, ")
                .append("or read from\nstandard input when that is not a terminal):\n");
        sb.append("  java -jar chat-app.jar admin create NAME   Make an account that --admins may name an admin.\n");
        sb.append(
                "      --reset-link                           Without a password: print a one-time link to set it.\n");
        sb.append("  java -jar chat-app.jar admin vouch NAME    Let --admins make an existing account an admin.\n");
        sb.append("  java -jar chat-app.jar admin reset NAME    Print a one-time password reset link for NAME.\n");
        sb.append("\nBackups of the embedded store (SQLite), with the same --data-dir:\n");
        sb.append("  java -jar chat-app.jar backup --to FILE      A consistent copy, while the server runs.\n");
        sb.append(
                "  java -jar chat-app.jar restore --from FILE   Put a copy in place (servers stopped; the replaced\n");
        sb.append("                                               database is kept beside it).\n");
        sb.append("\nA faster start (a class-data archive: the classes a server loads, mapped instead of loaded):\n");
        sb.append("  java -XX:ArchiveClassesAtExit=chat-app.jsa -jar chat-app.jar warm-up   Make it, once per jar.\n");
        sb.append("  java -XX:SharedArchiveFile=chat-app.jsa -jar chat-app.jar ...          Use it.\n");
        sb.append("\nThe log level is set by CHAT_LOG_LEVEL (default INFO).\n");
        return sb.toString();
    }

    /** The text as lines of at most 100 characters, each indented. */
    private static String wrap(String text, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > 100) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }

    private static Setting byOption(String name) {
        for (Setting s : Setting.values()) {
            if (s.option.equals(name)) {
                return s;
            }
        }
        throw new ConfigException("Unknown option --" + name + ". Try --help.");
    }

    @Override
    public String toString() {
        return "Config"
                + Arrays.asList(
                        host,
                        port,
                        publicUrl,
                        allowedHosts,
                        trustedProxies,
                        dataDir,
                        allowedOrigins,
                        guests,
                        defaultRooms,
                        admins,
                        rateLimit,
                        maxConnectionsPerUser,
                        maxConnectionsPerAddress,
                        signupsPerAddress,
                        guestsPerAddress,
                        maxRoomsPerUser,
                        maxRoomsPerConnection,
                        sessionIdle,
                        pingInterval,
                        shutdownGrace,
                        secureCookies,
                        store,
                        dynamodbTablePrefix,
                        dynamodbEndpoint,
                        dynamodbCreateTables,
                        redisUrl.map(u -> u.getScheme() + "://" + u.getHost() + ":" + u.getPort()),
                        nodeName,
                        managementPort,
                        managementHost,
                        logFormat,
                        webhooksAllowPrivateTargets,
                        webhooksFirstRetry,
                        argon2MemoryKib,
                        argon2Passes);
    }
}
