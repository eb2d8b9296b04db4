package dev.chat.core.service;

import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.memory.InMemoryLimitStore;
import dev.chat.core.memory.InMemoryMemberStore;
import dev.chat.core.memory.InMemoryMentionStore;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.memory.InMemoryTokenStore;
import dev.chat.core.memory.InMemoryWebhookStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.memory.RandomIdGenerator;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Members;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.Operators;
import dev.chat.core.port.in.Reads;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.in.Tokens;
import dev.chat.core.port.in.Webhooks;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MentionStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.Readiness;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.StoreSet;
import dev.chat.core.port.out.Telemetry;
import dev.chat.core.port.out.TokenStore;
import dev.chat.core.port.out.WebhookCaller;
import dev.chat.core.port.out.WebhookStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat, assembled from its ports: build one with {@link #builder()}, take the use cases from it, and
 * {@link #close()} it at the end. The eight stores must be named (or {@link #inMemory()} used); every other port
 * left unset gets its single-process implementation.
 */
public final class ChatCore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatCore.class);

    /** How often a node asks the presence store for users whose node stopped. */
    private static final Duration PRESENCE_SWEEP = Duration.ofSeconds(2);
    /** How often a node reports its figures; shared stores keep a report about 30 s. */
    static final Duration NODE_REPORT = Duration.ofSeconds(5);
    /** How often expired sessions are deleted from the store, and how many at most each time. */
    static final Duration SESSION_PURGE = Duration.ofMinutes(10);

    static final int SESSION_PURGE_BATCH = 10_000;

    private final AccountService accounts;
    private final RoomService rooms;
    private final MessageService messages;
    private final ReadService reads;
    private final TokenService tokens;
    private final WebhookService webhooks;
    private final WebhookDispatcher dispatcher;
    private final MemberService members;
    private final LiveService live;
    private final AdminService admin;
    private final OperatorService operators;
    private final Readiness readiness;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService worker;
    /**
     * Where a post goes on once a store that writes on a thread of its own (SQLite's writer) has stored it: the
     * room told, the author answered. Never waits on the store, so acknowledgements do not queue behind the
     * worker's store calls; two threads, so that one waiting on a shared limit store holds up nobody.
     */
    private final ExecutorService afterStore;
    /** Where embedders' listeners are called, one connection at a time each: see {@link Live.Listener}. */
    private final ExecutorService listeners;

    private final CoreState state = new CoreState();

    private ChatCore(Builder b) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("chat-core-timer"));
        this.worker = Executors.newFixedThreadPool(2, DaemonThreads.named("chat-core-worker"));
        this.afterStore = Executors.newFixedThreadPool(2, DaemonThreads.named("chat-core-posted"));
        PresenceStore presence = b.presenceStore;
        TypingTracker typing =
                new TypingTracker(b.fanout, b.clock, scheduler, b.settings.typingTtl(), b.settings.typingMinInterval());
        LimitPolicy limits = new LimitPolicy(b.limitStore, b.settings, b.telemetry);
        this.accounts = new AccountService(
                state,
                b.accountStore,
                b.sessionStore,
                b.tokenStore,
                b.hasher,
                b.ids,
                b.fanout,
                b.clock,
                b.settings,
                limits,
                b.limitStore);
        KnownRooms known = new KnownRooms(b.roomStore, b.clock);
        RoomAccess access =
                new RoomAccess(known, b.memberStore, accounts::isAdmin, b.clock, b.messageStore::latestPosition);
        RoomRemover remover = new RoomRemover(
                b.roomStore, b.memberStore, b.messageStore, b.webhookStore, b.accountStore, known, b.fanout);
        this.reads = new ReadService(access, b.memberStore, b.messageStore, b.mentionStore, b.fanout);
        this.tokens = new TokenService(b.tokenStore, b.accountStore, accounts, access, b.fanout, b.ids, b.clock);
        this.rooms = new RoomService(
                b.roomStore,
                known,
                b.memberStore,
                presence,
                b.accountStore,
                b.settings.limits().roomsPerUser(),
                b.clock,
                access,
                remover,
                b.fanout,
                reads);
        this.members = new MemberService(access, b.memberStore, b.accountStore, remover, b.fanout);
        MentionService mentions =
                new MentionService(known, access, b.memberStore, b.accountStore, b.mentionStore, b.fanout, worker);
        this.messages = new MessageService(
                state,
                b.messageStore,
                access,
                known,
                b.fanout,
                typing,
                b.clock,
                limits,
                mentions,
                afterStore,
                b.telemetry);
        this.listeners = Executors.newCachedThreadPool(DaemonThreads.named("chat-core-listener"));
        this.live = new LiveService(
                state,
                b.messageStore,
                known,
                access,
                messages,
                reads,
                presence,
                typing,
                b.fanout,
                worker,
                listeners,
                scheduler,
                b.settings,
                PRESENCE_SWEEP,
                limits,
                accounts,
                b.clock,
                rooms::find,
                b.telemetry);
        String nodeName = b.nodeName != null ? b.nodeName : NodeReporter.defaultName();
        NodeReporter node = new NodeReporter(nodeName, presence, live, messages);
        WebhookTargets targets = new WebhookTargets(b.webhookSettings.allowPrivateTargets(), InetAddress::getAllByName);
        this.dispatcher = new WebhookDispatcher(
                b.webhookStore,
                b.messageStore,
                b.webhookCaller,
                targets,
                b.webhookSettings,
                b.clock,
                nodeName + "/" + b.ids.sessionToken().substring(0, 8));
        this.webhooks = new WebhookService(
                b.webhookStore,
                b.accountStore,
                b.memberStore,
                access,
                messages,
                dispatcher,
                targets,
                b.ids,
                b.clock,
                b.messageStore::latestPosition,
                b.webhookCaller != WebhookCaller.NONE);
        messages.afterPosted(dispatcher::posted);
        dispatcher.start(webhooks::answer);
        this.operators = new OperatorService(state, b.accountStore, b.hasher, b.ids, b.clock, accounts);
        this.admin = new AdminService(
                b.accountStore,
                b.sessionStore,
                b.roomStore,
                messages,
                rooms,
                presence,
                b.fanout,
                b.settings,
                node,
                accounts,
                operators,
                remover);
        this.readiness = b.readiness;
        rooms.createDefaults(b.settings.defaultRooms());
        scheduler.scheduleWithFixedDelay(
                () -> worker.execute(node::report), 0, NODE_REPORT.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> worker.execute(() -> SessionPurge.run(accounts, SESSION_PURGE_BATCH)),
                0,
                SESSION_PURGE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A builder that needs every store named; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with every store in memory, for tests and demos: everything is lost when the process ends. Any
     * port can still be replaced.
     */
    public static Builder inMemory() {
        return new Builder()
                .accountStore(new InMemoryAccountStore())
                .sessionStore(new InMemorySessionStore())
                .tokenStore(new InMemoryTokenStore())
                .webhookStore(new InMemoryWebhookStore())
                .roomStore(new InMemoryRoomStore())
                .memberStore(new InMemoryMemberStore())
                .messageStore(new InMemoryMessageStore())
                .mentionStore(new InMemoryMentionStore());
    }

    public Accounts accounts() {
        return accounts;
    }

    public Rooms rooms() {
        return rooms;
    }

    public Messages messages() {
        return messages;
    }

    /** Read markers and mentions. */
    public Reads reads() {
        return reads;
    }

    /** A room's members and roles. */
    public Members members() {
        return members;
    }

    public Live live() {
        return live;
    }

    public Admin admin() {
        return admin;
    }

    /** Access tokens and bot accounts. */
    public Tokens tokens() {
        return tokens;
    }

    /** A room's incoming and outgoing webhooks. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** What only the operator may do, from the server itself: never expose it over the network. */
    public Operators operators() {
        return operators;
    }

    /** Whether the stores answer: what a load balancer's readiness check should ask. */
    public boolean isReady() {
        try {
            return readiness.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Ends every open connection (its listener is told {@link Live.Ending#SHUTDOWN} after the events it was
     * given), refuses what would write or connect from then on ({@code IllegalStateException}), and stops the
     * core's threads, waiting up to 5 s for listeners to finish. Close the stores after it. Harmless twice.
     */
    @Override
    public void close() {
        if (state.isClosed()) {
            return;
        }
        state.close();
        live.close();
        dispatcher.close();
        scheduler.shutdownNow();
        // Posts stored meanwhile are finished first: they may hand mentions to the worker.
        afterStore.shutdown();
        try {
            afterStore.awaitTermination(5, TimeUnit.SECONDS);
            worker.shutdown();
            worker.awaitTermination(5, TimeUnit.SECONDS);
            listeners.shutdown();
            listeners.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Collects the ports. The eight stores must be named (one by one, or with {@link #stores}): a core that would
     * keep its data in memory by an oversight refuses to build. The others default to what one node in one process
     * needs: {@code LocalFanout}, {@code InMemoryPresenceStore}, an in-memory limit store, PBKDF2 hashing, random
     * ids, the system clock, {@code ChatSettings.defaults()}.
     */
    public static final class Builder {
        private AccountStore accountStore;
        private SessionStore sessionStore;
        private TokenStore tokenStore;
        private WebhookStore webhookStore;
        private WebhookCaller webhookCaller = WebhookCaller.NONE;
        private WebhookSettings webhookSettings = WebhookSettings.defaults();
        private RoomStore roomStore;
        private MemberStore memberStore;
        private MessageStore messageStore;
        private MentionStore mentionStore;
        private Fanout fanout = new LocalFanout();
        private PresenceStore presenceStore = new InMemoryPresenceStore();
        private PasswordHasher hasher = new Pbkdf2PasswordHasher();
        private IdGenerator ids = new RandomIdGenerator();
        private Clock clock = Clock.systemUTC();
        private Readiness readiness = Readiness.ALWAYS;
        private LimitStore limitStore;
        private ChatSettings settings = ChatSettings.defaults();
        private String nodeName;
        private Telemetry telemetry = Telemetry.NONE;
        private boolean instrumented;

        private Builder() {}

        /** All eight stores from one place, and its readiness as the core's. */
        public Builder stores(StoreSet value) {
            Objects.requireNonNull(value, "stores");
            return accountStore(value.accounts())
                    .sessionStore(value.sessions())
                    .tokenStore(value.tokens())
                    .webhookStore(value.webhooks())
                    .roomStore(value.rooms())
                    .memberStore(value.members())
                    .messageStore(value.messages())
                    .mentionStore(value.mentions())
                    .readiness(value);
        }

        public Builder accountStore(AccountStore value) {
            this.accountStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder sessionStore(SessionStore value) {
            this.sessionStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder tokenStore(TokenStore value) {
            this.tokenStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder webhookStore(WebhookStore value) {
            this.webhookStore = Objects.requireNonNull(value);
            return this;
        }

        /** Makes outgoing webhooks' requests; without one, outgoing webhooks are refused. */
        public Builder webhookCaller(WebhookCaller value) {
            this.webhookCaller = Objects.requireNonNull(value, "webhookCaller");
            return this;
        }

        public Builder webhookSettings(WebhookSettings value) {
            this.webhookSettings = Objects.requireNonNull(value, "webhookSettings");
            return this;
        }

        public Builder roomStore(RoomStore value) {
            this.roomStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder mentionStore(MentionStore value) {
            this.mentionStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder memberStore(MemberStore value) {
            this.memberStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder messageStore(MessageStore value) {
            this.messageStore = Objects.requireNonNull(value);
            return this;
        }

        public Builder fanout(Fanout value) {
            this.fanout = Objects.requireNonNull(value);
            return this;
        }

        /** Who is online; shared between nodes when the deployment has several. */
        public Builder presenceStore(PresenceStore value) {
            this.presenceStore = Objects.requireNonNull(value, "presenceStore");
            return this;
        }

        public Builder passwordHasher(PasswordHasher value) {
            this.hasher = Objects.requireNonNull(value);
            return this;
        }

        public Builder idGenerator(IdGenerator value) {
            this.ids = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** The counters behind the limits; shared between nodes when the deployment has several. */
        public Builder limitStore(LimitStore value) {
            this.limitStore = Objects.requireNonNull(value, "limitStore");
            return this;
        }

        public Builder readiness(Readiness value) {
            this.readiness = Objects.requireNonNull(value);
            return this;
        }

        public Builder settings(ChatSettings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        /** This node's name in the admin's figures; by default the host's name and the process id. */
        public Builder nodeName(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("nodeName must not be blank");
            }
            this.nodeName = value.strip();
            return this;
        }

        /** Where the core reports its work (messages stored, deliveries, every port call timed); none by default. */
        public Builder telemetry(Telemetry value) {
            this.telemetry = Objects.requireNonNull(value, "telemetry");
            return this;
        }

        public ChatCore build() {
            Map<String, Object> stores = new LinkedHashMap<>();
            stores.put("accountStore", accountStore);
            stores.put("sessionStore", sessionStore);
            stores.put("tokenStore", tokenStore);
            stores.put("webhookStore", webhookStore);
            stores.put("roomStore", roomStore);
            stores.put("memberStore", memberStore);
            stores.put("messageStore", messageStore);
            stores.put("mentionStore", mentionStore);
            List<String> missing = new ArrayList<>();
            stores.forEach((name, store) -> {
                if (store == null) {
                    missing.add(name);
                }
            });
            if (!missing.isEmpty()) {
                throw new IllegalStateException("No " + String.join(", ", missing) + " given: name every store "
                        + "(or all eight with stores(...)), or start from ChatCore.inMemory() to keep everything in "
                        + "memory on purpose.");
            }
            if (limitStore == null) {
                limitStore = new InMemoryLimitStore(clock);
            }
            if (!instrumented) {
                instrumented = true;
                accountStore = Instrumented.port(AccountStore.class, "accounts", accountStore, telemetry, clock);
                sessionStore = Instrumented.port(SessionStore.class, "sessions", sessionStore, telemetry, clock);
                tokenStore = Instrumented.port(TokenStore.class, "tokens", tokenStore, telemetry, clock);
                webhookStore = Instrumented.port(WebhookStore.class, "webhooks", webhookStore, telemetry, clock);
                roomStore = Instrumented.port(RoomStore.class, "rooms", roomStore, telemetry, clock);
                memberStore = Instrumented.port(MemberStore.class, "members", memberStore, telemetry, clock);
                messageStore = Instrumented.port(MessageStore.class, "messages", messageStore, telemetry, clock);
                mentionStore = Instrumented.port(MentionStore.class, "mentions", mentionStore, telemetry, clock);
                presenceStore = Instrumented.port(PresenceStore.class, "presence", presenceStore, telemetry, clock);
                limitStore = Instrumented.port(LimitStore.class, "limits", limitStore, telemetry, clock);
                fanout = Instrumented.port(Fanout.class, "fanout", fanout, telemetry, clock);
            }
            return new ChatCore(this);
        }
    }
}
