package dev.chat.app;

import dev.chat.adapters.netty.ChatApi;
import dev.chat.adapters.netty.JdkWebhookCaller;
import dev.chat.adapters.netty.NettyChatServer;
import dev.chat.adapters.netty.ServerSettings;
import dev.chat.adapters.netty.ServerTelemetry;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.RandomIdGenerator;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.port.out.Telemetry;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import dev.chat.core.service.WebhookSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running server: the configured store, the core and the Netty adapter, wired by hand. */
public final class ChatApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatApplication.class);

    private final Stores stores;
    private final Bus bus;
    private final ChatCore core;
    private final NettyChatServer server;
    private final Metrics metrics;
    private final ManagementServer management;

    private ChatApplication(
            Stores stores,
            Bus bus,
            ChatCore core,
            NettyChatServer server,
            Metrics metrics,
            ManagementServer management) {
        this.stores = stores;
        this.bus = bus;
        this.core = core;
        this.server = server;
        this.metrics = metrics;
        this.management = management;
    }

    /** Starts the server as configured: its store, its fan-out (in-process unless a Redis URL is set), the system clock. */
    public static ChatApplication start(Config config) throws InterruptedException {
        Bus bus = config.redisUrl()
                .map(url -> Bus.redis(config))
                .orElseGet(() -> Bus.local(new LocalFanout(), Clock.systemUTC()));
        return start(config, Clock.systemUTC(), bus, config.passwordHasher());
    }

    /**
     * Starts with the given clock, fan-out and hasher: several instances sharing one store and one fan-out
     * behave as several nodes of one deployment.
     */
    public static ChatApplication start(Config config, Clock clock, Fanout fanout, PasswordHasher hasher)
            throws InterruptedException {
        return start(config, clock, Bus.local(fanout, clock), hasher);
    }

    private static ChatApplication start(Config config, Clock clock, Bus bus, PasswordHasher hasher)
            throws InterruptedException {
        Stores stores;
        try {
            stores = Stores.open(config);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        ChatCore core = null;
        NettyChatServer server = null;
        // Figures are kept only where something can read them: with a management listener.
        Metrics metrics = config.managementPort().isPresent()
                ? new Metrics(
                        config.store().name().toLowerCase(Locale.ROOT),
                        bus.connected().isPresent() ? "redis" : "memory")
                : null;
        try {
            ChatSettings settings = settings(config);
            ChatCore.Builder builder = ChatCore.builder()
                    .stores(stores.set())
                    .fanout(bus.fanout())
                    .presenceStore(bus.presence())
                    .limitStore(bus.limits())
                    .passwordHasher(hasher)
                    .idGenerator(new RandomIdGenerator())
                    .clock(clock)
                    .settings(settings)
                    .webhookCaller(new JdkWebhookCaller(Duration.ofSeconds(5)))
                    .webhookSettings(WebhookSettings.defaults()
                            .allowingPrivateTargets(config.webhooksAllowPrivateTargets())
                            .withFirstRetry(config.webhooksFirstRetry()))
                    .telemetry(metrics != null ? metrics : Telemetry.NONE);
            config.nodeName().ifPresent(builder::nodeName);
            core = builder.build();
            warnOfAdminsWithoutAccounts(config, stores);
            if (Argon2PasswordHasher.belowOwaspMinimum(config.argon2MemoryKib(), config.argon2Passes())) {
                log.warn(
                        "Passwords are hashed below OWASP's minimum (--argon2-memory {} KiB, --argon2-passes {}; "
                                + "the minimum is 19456 KiB with 2 passes, or " + Argon2PasswordHasher.OWASP_EQUIVALENTS
                                + "): fit for tests, not for people's passwords",
                        config.argon2MemoryKib(),
                        config.argon2Passes());
            }
            ServerSettings serverSettings = ServerSettings.defaults()
                    .withHost(config.host())
                    .withPort(config.port())
                    .withAllowedOrigins(config.allowedOrigins())
                    .withPingInterval(config.pingInterval())
                    .withShutdownGrace(config.shutdownGrace())
                    .withSecureCookies(config.secureCookies())
                    .withSessionMaxAge(config.sessionIdle())
                    .withTrustedProxies(config.trustedProxies())
                    .withAllowedHosts(config.allowedHosts())
                    .withPublicUrl(config.publicUrl().orElse(null));
            ChatCore c = core;
            server = new NettyChatServer(
                            new ChatApi(
                                    c.accounts(),
                                    c.rooms(),
                                    c.members(),
                                    c.messages(),
                                    c.reads(),
                                    c.live(),
                                    c.admin(),
                                    c.tokens(),
                                    c.webhooks(),
                                    c::isReady),
                            serverSettings,
                            metrics != null ? metrics : ServerTelemetry.NONE)
                    .start();
            ManagementServer management = null;
            if (metrics != null) {
                metrics.watch(server);
                bus.connected().ifPresent(metrics::watchFanout);
                management = ManagementServer.start(
                        config.managementHost(), config.managementPort().orElseThrow(), metrics);
            }
            return new ChatApplication(stores, bus, core, server, metrics, management);
        } catch (RuntimeException | InterruptedException e) {
            if (server != null) {
                server.stop();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (core != null) {
                core.close();
            }
            bus.close();
            stores.close();
            throw e;
        }
    }

    /** The core's settings as configured. */
    static ChatSettings settings(Config config) {
        return ChatSettings.defaults()
                .withSessionIdleTimeout(config.sessionIdle())
                .withGuestsAllowed(config.guests())
                .withDefaultRooms(config.defaultRooms())
                .withAdmins(config.admins())
                .withRateLimitPer10s(config.rateLimit())
                .withLimits(ChatSettings.Limits.defaults()
                        .withConnectionsPerUser(config.maxConnectionsPerUser())
                        .withConnectionsPerAddress(config.maxConnectionsPerAddress())
                        .withSignupsPerAddressPerHour(config.signupsPerAddress())
                        .withGuestsPerAddressPerHour(config.guestsPerAddress())
                        .withRoomsPerUser(config.maxRoomsPerUser())
                        .withRoomsPerConnection(config.maxRoomsPerConnection()));
    }

    /** An admin name without an account the operator made holds no role: say so once, with the fix. */
    private static void warnOfAdminsWithoutAccounts(Config config, Stores stores) {
        for (Username admin : config.admins()) {
            try {
                Optional<Account> account = stores.set().accounts().find(admin);
                if (account.isEmpty()) {
                    log.warn(
                            "--admins names {}, who has no account: create it on the server with "
                                    + "'java -jar chat-app.jar admin create {}' (nobody else can register that name)",
                            admin,
                            admin);
                } else if (!account.get().byOperator()) {
                    log.warn(
                            "--admins names {}, whose account was registered, not made by the operator: it is not an "
                                    + "admin until 'java -jar chat-app.jar admin vouch {}' is run on the server",
                            admin,
                            admin);
                }
            } catch (RuntimeException e) {
                log.warn("Could not check the account of admin {}: {}", admin, e.toString());
            }
        }
    }

    public int port() {
        return server.port();
    }

    /** The address and port the server listens on. */
    public java.net.InetSocketAddress address() {
        return server.address();
    }

    public ChatCore core() {
        return core;
    }

    /** The management listener's port ({@code GET /metrics}), if it was asked for. */
    public OptionalInt managementPort() {
        return management == null ? OptionalInt.empty() : OptionalInt.of(management.port());
    }

    /** Graceful stop: the server drains and closes its sockets, then the core and the store close. */
    @Override
    public void close() {
        if (management != null) {
            management.close();
        }
        server.stop();
        core.close();
        bus.close();
        stores.close();
        if (metrics != null) {
            metrics.close();
        }
    }
}
