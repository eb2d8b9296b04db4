package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.domain.WebhookId;
import dev.chat.core.domain.WebhookSignature;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.RoomChange;
import dev.chat.core.port.in.Webhooks;
import dev.chat.core.port.out.WebhookCaller;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A room's webhooks, as the programs at both ends of them and the room's owner notice. */
class WebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName OPS = RoomName.of("ops");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** The receiver: answers each request with the next scripted status (200 once the script runs out). */
    private final Deque<Integer> script = new ArrayDeque<>();

    private final List<WebhookCaller.Call> calls = new CopyOnWriteArrayList<>();
    private volatile String answerText;
    /** A text the receiver fails every request about. */
    private volatile String failing = "\u0000";

    private ChatCore core;
    private Webhooks webhooks;
    private Principal ana;
    private Principal bob;
    private Principal cat;

    @BeforeEach
    void start() {
        WebhookCaller receiver = call -> {
            calls.add(call);
            if (new String(call.body(), StandardCharsets.UTF_8).contains(failing)) {
                return CompletableFuture.completedFuture(new WebhookCaller.Answer(503, null));
            }
            Integer status;
            synchronized (script) {
                status = script.poll();
            }
            return CompletableFuture.completedFuture(
                    new WebhookCaller.Answer(status == null ? 200 : status, status == null ? answerText : null));
        };
        core = ChatCore.inMemory()
                .clock(clock)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withAdmins(Set.of(new Username("ana"))))
                .webhookCaller(receiver)
                .webhookSettings(WebhookSettings.defaults().withFirstRetry(Duration.ofMillis(10)))
                .build();
        webhooks = core.webhooks();
        core.operators().createAccount(Username.of("ana"), new Password("ana-password"));
        ana = core.accounts().login("ana", "ana-password").principal();
        bob = register("bob");
        cat = register("cat");
        core.rooms().create(bob, OPS, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(bob, OPS, Username.of("cat"));
    }

    private Principal register(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    @AfterEach
    void close() {
        core.close();
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private List<Message> history() {
        return core.messages().history(bob, OPS, null, new PageSize(50)).messages();
    }

    private Webhooks.Created outgoing(String trigger) {
        return webhooks.create(
                bob,
                OPS,
                new Webhooks.Request(Webhook.Kind.OUTGOING, "status-bot", "https://93.184.215.14/hook", trigger));
    }

    @Test
    void an_incoming_webhook_posts_once_per_idempotency_key_as_its_bot() {
        Webhooks.Created hook =
                webhooks.create(bob, OPS, new Webhooks.Request(Webhook.Kind.INCOMING, "ci-bot", null, null));
        WebhookId id = WebhookId.of(hook.about().id());

        Webhooks.Received first =
                webhooks.receive(id, hook.secret(), MessageText.of("deploy 1.4.2 finished"), "jenkins", "build-77");
        Webhooks.Received again =
                webhooks.receive(id, hook.secret(), MessageText.of("deploy 1.4.2 finished"), "jenkins", "build-77");
        Webhooks.Received other =
                webhooks.receive(id, hook.secret(), MessageText.of("deploy 1.4.3 finished"), null, "build-78");

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isGreaterThan(first.id());
        assertThat(history())
                .extracting(m -> m.author().value() + ": " + m.text().value())
                .containsExactly("ci-bot: deploy 1.4.3 finished", "ci-bot: deploy 1.4.2 finished");
        // The bot became a member of the private room, so it may post there.
        assertThat(core.members().list(bob, OPS, null, new PageSize(10)).members())
                .extracting(m -> m.user().value())
                .contains("ci-bot");
    }

    @Test
    void a_wrong_secret_is_answered_as_an_unknown_webhook() {
        Webhooks.Created hook =
                webhooks.create(bob, OPS, new Webhooks.Request(Webhook.Kind.INCOMING, "ci-bot", null, null));
        WebhookId id = WebhookId.of(hook.about().id());

        refused(
                ErrorCode.NO_SUCH_WEBHOOK,
                () -> webhooks.receive(id, hook.secret() + "x", MessageText.of("hi"), null, null));
        refused(
                ErrorCode.NO_SUCH_WEBHOOK,
                () -> webhooks.receive(WebhookId.of("0123456789ab"), hook.secret(), MessageText.of("hi"), null, null));
        webhooks.delete(bob, OPS, id);
        refused(ErrorCode.NO_SUCH_WEBHOOK, () -> webhooks.receive(id, hook.secret(), MessageText.of("hi"), null, null));
        assertThat(history()).isEmpty();
    }

    @Test
    void only_the_owner_or_an_admin_manages_webhooks_and_a_stranger_learns_nothing() {
        Principal dan = register("dan");
        Webhooks.Request request = new Webhooks.Request(Webhook.Kind.INCOMING, "ci-bot", null, null);

        refused(ErrorCode.FORBIDDEN, () -> webhooks.create(cat, OPS, request));
        refused(ErrorCode.NO_SUCH_ROOM, () -> webhooks.create(dan, OPS, request));
        refused(ErrorCode.NO_SUCH_ROOM, () -> webhooks.list(dan, OPS));
        Webhooks.Created made = webhooks.create(ana, OPS, request);

        assertThat(webhooks.list(bob, OPS))
                .extracting(Webhook::id)
                .containsExactly(made.about().id());
        refused(ErrorCode.FORBIDDEN, () -> webhooks.list(cat, OPS));
        refused(
                ErrorCode.NAME_TAKEN,
                () -> webhooks.create(bob, OPS, new Webhooks.Request(Webhook.Kind.INCOMING, "cat", null, null)));
    }

    @Test
    void an_outgoing_webhook_retries_until_its_receiver_takes_the_message_signed_and_posts_the_answer() {
        Webhooks.Created hook = outgoing("!status");
        synchronized (script) {
            script.addAll(List.of(503, 503, 500));
        }
        answerText = "all green";

        core.messages().post(cat, OPS, MessageText.of("good morning"), new ClientId("c1"));
        long asked = core.messages()
                .post(cat, OPS, MessageText.of("!status please"), new ClientId("c2"))
                .message()
                .id();

        Eventually.within(WAIT, () -> assertThat(history().size() == 3).isTrue());
        Message answer = history().get(0);
        assertThat(answer.author().value()).isEqualTo("status-bot");
        assertThat(answer.text().value()).isEqualTo("all green");
        assertThat(answer.replyTo()).isEqualTo(asked);
        // Four tries of the one message that starts with the trigger; neither the other nor the answer was sent.
        assertThat(calls).hasSize(4);
        for (WebhookCaller.Call call : calls) {
            String body = new String(call.body(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"id\":" + asked, "\"text\":\"!status please\"", "\"user\":\"cat\"");
            assertThat(WebhookSignature.verify(
                            hook.secret(),
                            call.headers().get(WebhookSignature.TIMESTAMP_HEADER),
                            call.headers().get(WebhookSignature.SIGNATURE_HEADER),
                            call.body(),
                            clock.instant()))
                    .isTrue();
        }
        List<WebhookAttempt> log =
                webhooks.log(bob, OPS, WebhookId.of(hook.about().id()));
        assertThat(log).extracting(WebhookAttempt::status).containsExactly(200, 500, 503, 503);
        assertThat(log).extracting(WebhookAttempt::attempt).containsExactly(4, 3, 2, 1);
        assertThat(log.get(0).error()).isNull();
        assertThat(log.get(1).error()).isEqualTo("Answered 500");
    }

    @Test
    void a_message_is_given_up_after_a_day_and_the_next_one_is_sent() {
        Webhooks.Created hook = outgoing(null);
        failing = "\"text\":\"one\"";
        core.messages().post(cat, OPS, MessageText.of("one"), new ClientId("c1"));
        Eventually.within(WAIT, () -> assertThat(calls).hasSizeGreaterThanOrEqualTo(2));

        clock.advance(Duration.ofHours(25)); // the receiver is down for more than a day
        core.messages().post(cat, OPS, MessageText.of("two"), new ClientId("c2"));

        Eventually.within(
                WAIT,
                () -> assertThat(calls)
                        .last()
                        .satisfies(c -> assertThat(new String(c.body(), StandardCharsets.UTF_8))
                                .contains("\"text\":\"two\"")));
        List<WebhookAttempt> log =
                webhooks.log(bob, OPS, WebhookId.of(hook.about().id()));
        assertThat(log.get(0).status()).isEqualTo(200);
        assertThat(log.subList(1, log.size()))
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
        assertThat(calls.stream().filter(c -> new String(c.body(), StandardCharsets.UTF_8).contains("two")))
                .hasSize(1);
    }

    @Test
    void a_url_to_a_private_address_is_refused_unless_the_server_allows_it() {
        for (String url : List.of(
                "https://10.0.0.5/hook",
                "https://127.0.0.1:8443/hook",
                "https://localhost/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "http://93.184.215.14/hook",
                "ftp://93.184.215.14/hook",
                "https://user:pw@93.184.215.14/hook")) {
            refused(
                    ErrorCode.WEBHOOK_URL_REFUSED,
                    () -> webhooks.create(bob, OPS, new Webhooks.Request(Webhook.Kind.OUTGOING, "bot", url, null)));
        }
        assertThat(webhooks.list(bob, OPS)).isEmpty();

        WebhookTargets allowing = new WebhookTargets(true, InetAddress::getAllByName);
        assertThat(allowing.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    }

    @Test
    void only_addresses_on_the_internet_at_large_are_public() throws Exception {
        for (String address : List.of("93.184.215.14", "8.8.8.8", "2606:4700::1111")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
        for (String address : List.of(
                "0.0.0.0",
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "198.18.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "::ffff:10.0.0.1",
                "::ffff:127.0.0.1")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
    }

    @Test
    void a_room_deleted_takes_its_webhooks_and_a_room_renamed_keeps_them() {
        Webhooks.Created hook =
                webhooks.create(bob, OPS, new Webhooks.Request(Webhook.Kind.INCOMING, "ci-bot", null, null));
        RoomName renamed = RoomName.of("ops-2");

        core.admin().changeRoom(ana, OPS, RoomChange.rename("ops-2"));

        assertThat(webhooks.list(bob, renamed))
                .extracting(Webhook::id)
                .containsExactly(hook.about().id());
        assertThat(webhooks.receive(
                                WebhookId.of(hook.about().id()),
                                hook.secret(),
                                MessageText.of("still here"),
                                null,
                                null)
                        .room())
                .isEqualTo(renamed);
        core.rooms().delete(bob, renamed);
        refused(
                ErrorCode.NO_SUCH_WEBHOOK,
                () -> webhooks.receive(
                        WebhookId.of(hook.about().id()), hook.secret(), MessageText.of("gone"), null, null));
    }
}
