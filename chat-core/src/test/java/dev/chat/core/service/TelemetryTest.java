package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.Telemetry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the core reports to its {@link Telemetry}: what an operator's figures are made of. */
class TelemetryTest {

    /** Every report, as a line: {@code stored}, {@code delivered}, {@code call messages.appendAsync ok}... */
    private static final class Recording implements Telemetry {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void messageStored() {
            lines.add("stored");
        }

        @Override
        public void delivered() {
            lines.add("delivered");
        }

        @Override
        public void joined() {
            lines.add("joined");
        }

        @Override
        public void recovered(int messages) {
            lines.add("recovered " + messages);
        }

        @Override
        public void rateLimited() {
            lines.add("rate limited");
        }

        @Override
        public void signIn(SignIn outcome) {
            lines.add("sign-in " + outcome);
        }

        @Override
        public void portCall(String port, String operation, long nanos, boolean failed) {
            assertThat(nanos).isNotNegative();
            lines.add("call " + port + "." + operation + (failed ? " failed" : " ok"));
        }

        long count(String line) {
            return lines.stream().filter(line::equals).count();
        }
    }

    private static final RoomName GENERAL = RoomName.of("general");

    @Test
    void a_post_reports_its_store_call_its_storing_and_one_delivery_per_connection_in_the_room() throws Exception {
        Recording telemetry = new Recording();
        try (ChatCore chat = ChatCore.inMemory().telemetry(telemetry).build()) {
            Accounts.SignedIn ana = signUp(chat, "ana");
            Accounts.SignedIn bob = signUp(chat, "bob");
            RecordingListener anaEvents = new RecordingListener();
            RecordingListener bobEvents = new RecordingListener();
            try (Live.Connection a = chat.live().connect(ana.principal(), anaEvents);
                    Live.Connection b = chat.live().connect(bob.principal(), bobEvents)) {
                a.join(GENERAL, null);
                b.join(GENERAL, null);
                a.send(GENERAL, MessageText.of("one"), new ClientId("a-1"));
                a.send(GENERAL, MessageText.of("one"), new ClientId("a-1")); // a resend: not stored again
                Eventually.within(Duration.ofSeconds(5), () -> {
                    assertThat(bobEvents.of(LiveEvent.Delivered.class)).hasSize(1);
                    assertThat(anaEvents.of(LiveEvent.Delivered.class)).hasSize(1);
                });
                assertThat(telemetry.count("delivered")).isEqualTo(2);
                assertThat(telemetry.count("stored")).isEqualTo(1);
                assertThat(telemetry.count("joined")).isEqualTo(2);
                assertThat(telemetry.count("call messages.appendAsync ok")).isEqualTo(2);
                assertThat(telemetry.count("sign-in SUCCEEDED")).isEqualTo(2);

                RecordingListener again = new RecordingListener();
                try (Live.Connection back = chat.live().connect(bob.principal(), again)) {
                    a.send(GENERAL, MessageText.of("two"), new ClientId("a-2"));
                    back.join(GENERAL, 0L);
                    assertThat(telemetry.lines).contains("recovered 2");
                }
            }
        }
    }

    @Test
    void a_failing_store_call_is_reported_failed_and_wrong_passwords_and_fast_senders_are_counted() {
        Recording telemetry = new Recording();
        AtomicInteger failing = new AtomicInteger();
        InMemoryMessageStore memory = new InMemoryMessageStore();
        MessageStore messages = (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (failing.get() > 0 && method.getName().equals("appendAsync")) {
                        return CompletableFuture.failedFuture(new IllegalStateException("the disk is full"));
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (ChatCore chat = ChatCore.inMemory()
                .messageStore(messages)
                .settings(ChatSettings.defaults().withRateLimitPer10s(1))
                .telemetry(telemetry)
                .build()) {
            Accounts.SignedIn ana = signUp(chat, "ana");
            assertThatThrownBy(() -> chat.accounts().login("ana", "not-her-password"))
                    .isInstanceOf(ChatException.class);
            assertThat(telemetry.count("sign-in FAILED")).isEqualTo(1);

            failing.set(1);
            assertThatThrownBy(() -> chat.messages()
                            .post(ana.principal(), GENERAL, MessageText.of("x"), new ClientId("1"), null))
                    .isInstanceOfSatisfying(
                            ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_STORED));
            assertThat(telemetry.lines).contains("call messages.appendAsync failed");
            failing.set(0);

            chat.messages().post(ana.principal(), GENERAL, MessageText.of("y"), new ClientId("2"), null);
            assertThatThrownBy(() -> chat.messages()
                            .post(ana.principal(), GENERAL, MessageText.of("z"), new ClientId("3"), null))
                    .isInstanceOfSatisfying(
                            ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
            assertThat(telemetry.count("rate limited")).isEqualTo(1);
            assertThat(telemetry.count("stored")).isEqualTo(1);
        }
    }

    private static Accounts.SignedIn signUp(ChatCore chat, String name) {
        chat.accounts().register(Username.of(name), new Password(name + "-password"));
        return chat.accounts().login(name, name + "-password");
    }
}
