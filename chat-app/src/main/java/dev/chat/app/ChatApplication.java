package dev.chat.app;

import dev.chat.adapters.netty.ChatApi;
import dev.chat.adapters.netty.NettyChatServer;
import dev.chat.adapters.netty.ServerSettings;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.RandomIdGenerator;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import java.time.Clock;

/** One running server: the configured store, the core and the Netty adapter, wired by hand. */
public final class ChatApplication implements AutoCloseable {

    private final Stores stores;
    private final Bus bus;
    private final ChatCore core;
    private final NettyChatServer server;

    private ChatApplication(Stores stores, Bus bus, ChatCore core, NettyChatServer server) {
        this.stores = stores;
        this.bus = bus;
        this.core = core;
        this.server = server;
    }

    /** Starts the server as configured: its store, its fan-out (in-process unless a Redis URL is set), the system clock. */
    public static ChatApplication start(Config config) throws InterruptedException {
        Bus bus = config.redisUrl().map(url -> Bus.redis(config)).orElseGet(() -> Bus.local(new LocalFanout()));
        return start(config, Clock.systemUTC(), bus, new Argon2PasswordHasher());
    }

    /**
     * Starts with the given clock, fan-out and hasher: several instances sharing one store and one fan-out
     * behave as several nodes of one deployment.
     */
    public static ChatApplication start(Config config, Clock clock, Fanout fanout, PasswordHasher hasher)
            throws InterruptedException {
        return start(config, clock, Bus.local(fanout), hasher);
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
        try {
            ChatSettings settings = ChatSettings.defaults()
                    .withSessionIdleTimeout(config.sessionIdle())
                    .withGuestsAllowed(config.guests())
                    .withDefaultRooms(config.defaultRooms())
                    .withAdmins(config.admins())
                    .withRateLimitPer10s(config.rateLimit());
            ChatCore.Builder builder = ChatCore.builder()
                    .accountStore(stores.accounts())
                    .sessionStore(stores.sessions())
                    .roomStore(stores.rooms())
                    .messageStore(stores.messages())
                    .fanout(bus.fanout())
                    .presenceStore(bus.presence())
                    .passwordHasher(hasher)
                    .idGenerator(new RandomIdGenerator())
                    .clock(clock)
                    .readiness(stores.readiness())
                    .settings(settings);
            config.nodeName().ifPresent(builder::nodeName);
            core = builder.build();
            ServerSettings serverSettings = ServerSettings.defaults()
                    .withHost(config.host())
                    .withPort(config.port())
                    .withAllowedOrigins(config.allowedOrigins())
                    .withPingInterval(config.pingInterval())
                    .withShutdownGrace(config.shutdownGrace())
                    .withSecureCookies(config.secureCookies())
                    .withSessionMaxAge(config.sessionIdle())
                    .withMaxConnectionsPerUser(config.maxConnectionsPerUser());
            ChatCore c = core;
            NettyChatServer server = new NettyChatServer(
                    new ChatApi(c.accounts(), c.rooms(), c.messages(), c.live(), c.admin(), c::isReady),
                    serverSettings).start();
            return new ChatApplication(stores, bus, core, server);
        } catch (RuntimeException | InterruptedException e) {
            if (core != null) {
                core.close();
            }
            bus.close();
            stores.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public ChatCore core() {
        return core;
    }

    /** Graceful stop: the server drains and closes its sockets, then the core and the store close. */
    @Override
    public void close() {
        server.stop();
        core.close();
        bus.close();
        stores.close();
    }
}
