package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What docs/embedding.md promises a program that embeds the core: listeners called on the core's threads in
 * order, where a slow one delays nobody else; a closed core that ends its connections and refuses more; and a
 * principal that is only what the store says it is.
 */
class EmbeddingContractTest {

    private final ChatCore chat = ChatCore.inMemory()
            .passwordHasher(new Pbkdf2PasswordHasher(1))
            .settings(ChatSettings.defaults().withAdmins(java.util.Set.of(Username.of("root"))))
            .build();

    @AfterEach
    void close() {
        chat.close();
    }

    private Principal signUp(String name) {
        chat.accounts().register(Username.of(name), new Password(name + "-password"));
        return chat.accounts().login(name, name + "-password").principal();
    }

    /** Hands every event on, after waiting for {@code gate} on the first message. */
    private static final class Listener implements Live.Listener {
        final BlockingQueue<LiveEvent> events = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Live.Ending> closed = new CompletableFuture<>();
        final CountDownLatch gate;
        final CountDownLatch waiting = new CountDownLatch(1);

        Listener(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void onEvent(LiveEvent event) {
            threads.add(Thread.currentThread().getName());
            if (event instanceof LiveEvent.Delivered) {
                waiting.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            events.add(event);
        }

        @Override
        public void onClosed(Live.Ending ending) {
            closed.complete(ending);
        }

        LiveEvent next() throws InterruptedException {
            LiveEvent event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 s").isNotNull();
            return event;
        }

        /** The next message, past presence and typing. */
        String nextText() throws InterruptedException {
            while (true) {
                if (next() instanceof LiveEvent.Delivered delivered) {
                    return delivered.message().text().toString();
                }
            }
        }
    }

    @Test
    void a_listener_that_blocks_delays_neither_the_post_nor_the_other_listeners() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        Listener slow = new Listener(stuck);
        Listener quick = new Listener(new CountDownLatch(0));
        Principal ana = signUp("ana");
        try (Live.Connection slowOne = chat.live().connect(ana, slow);
                Live.Connection quickOne = chat.live().connect(signUp("bruno"), quick)) {
            slowOne.join(RoomName.of("general"), null);
            quickOne.join(RoomName.of("general"), null);
            assertThat(slow.next()).isInstanceOf(LiveEvent.Joined.class);
            assertThat(quick.next()).isInstanceOf(LiveEvent.Joined.class);

            CompletableFuture<Messages.Posted> posted = CompletableFuture.supplyAsync(
                    () -> slowOne.send(RoomName.of("general"), MessageText.of("one"), new ClientId("c1")));
            assertThat(posted.get(5, TimeUnit.SECONDS).message().id()).isEqualTo(1);
            assertThat(slow.waiting.await(5, TimeUnit.SECONDS))
                    .as("the slow listener holds the message")
                    .isTrue();
            slowOne.send(RoomName.of("general"), MessageText.of("two"), new ClientId("c2"));

            assertThat(quick.nextText()).isEqualTo("one");
            assertThat(quick.nextText()).isEqualTo("two");
            assertThat(slow.events)
                    .as("still held by its own listener")
                    .noneMatch(e -> e instanceof LiveEvent.Delivered);

            stuck.countDown();
            assertThat(slow.nextText()).isEqualTo("one");
            assertThat(slow.nextText()).isEqualTo("two");
        }
        assertThat(slow.threads).allMatch(name -> name.startsWith("chat-core-listener"));
    }

    @Test
    void a_listener_that_throws_loses_its_connection_and_is_told_so() throws Exception {
        BlockingQueue<Live.Ending> closed = new LinkedBlockingQueue<>();
        Live.Connection connection = chat.live().connect(signUp("ana"), new Live.Listener() {
            @Override
            public void onEvent(LiveEvent event) {
                if (event instanceof LiveEvent.Delivered) {
                    throw new IllegalStateException("planted");
                }
            }

            @Override
            public void onClosed(Live.Ending ending) {
                closed.add(ending);
            }
        });
        connection.join(RoomName.of("general"), null);
        connection.send(RoomName.of("general"), MessageText.of("boom"), new ClientId("c1"));
        assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo(Live.Ending.FAILED);
        assertThatThrownBy(() -> connection.send(RoomName.of("general"), MessageText.of("more"), new ClientId("c2")))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closing_the_core_ends_every_connection_after_its_events_and_refuses_what_comes_after() throws Exception {
        Principal ana = signUp("ana");
        Listener listener = new Listener(new CountDownLatch(0));
        Live.Connection connection = chat.live().connect(ana, listener);
        connection.join(RoomName.of("general"), null);
        connection.send(RoomName.of("general"), MessageText.of("last words"), new ClientId("c1"));

        chat.close();

        assertThat(listener.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Live.Ending.SHUTDOWN);
        assertThat(listener.events)
                .extracting(e -> e.getClass().getSimpleName())
                .as("every event given before the end")
                .containsExactly("Joined", "Delivered");
        assertThatThrownBy(() -> connection.send(RoomName.of("general"), MessageText.of("after"), new ClientId("c2")))
                .isInstanceOf(ChatException.class);
        assertThatThrownBy(() -> connection.join(RoomName.of("general"), null)).isInstanceOf(ChatException.class);
        assertThatThrownBy(() -> chat.live().connect(ana, listener)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() ->
                        chat.messages().post(ana, RoomName.of("general"), MessageText.of("after"), new ClientId("c3")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> chat.accounts().login("ana", "ana-password"))
                .isInstanceOf(IllegalStateException.class);
        chat.close();
    }

    @Test
    void a_principal_made_by_hand_with_the_admin_flag_is_not_an_admin() {
        signUp("mallory");
        Principal forged = new Principal(Username.of("mallory"), false, true, "made-up");
        assertThatThrownBy(() -> chat.admin().ban(forged, Username.of("ana")))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        Principal forgedRoot = new Principal(Username.of("root"), false, true, "made-up");
        assertThatThrownBy(() -> chat.admin().ban(forgedRoot, Username.of("mallory")))
                .as("a listed name without the operator's account")
                .isInstanceOf(ChatException.class);
        chat.operators().createAccount(Username.of("root"), new Password("root-password"));
        Principal root = chat.accounts().login("root", "root-password").principal();
        chat.admin().ban(root, Username.of("mallory"));
    }

    @Test
    void a_principal_made_by_hand_with_the_admin_flag_is_held_to_the_rooms_quota() {
        ChatCore limited = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults()
                        .withLimits(ChatSettings.defaults().limits().withRoomsPerUser(1)))
                .build();
        try (limited) {
            limited.accounts().register(Username.of("mallory"), new Password("mallory-password"));
            Principal forged = new Principal(Username.of("mallory"), false, true, "made-up");
            limited.rooms().create(forged, RoomName.of("first"), null);
            assertThatThrownBy(() -> limited.rooms().create(forged, RoomName.of("second"), null))
                    .isInstanceOfSatisfying(
                            ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_LIMIT));
        }
    }

    @Test
    void a_program_that_authenticates_its_users_itself_acts_as_one_through_a_real_session() throws Exception {
        chat.accounts().register(Username.of("ana"), new Password("ana-password"));
        Accounts.SignedIn ana = chat.operators().signInAs(Username.of("ana"));
        assertThat(ana.principal().user()).isEqualTo(Username.of("ana"));
        assertThat(ana.principal().admin()).isFalse();
        assertThat(chat.accounts().authenticate(ana.token()))
                .map(Principal::user)
                .contains(Username.of("ana"));

        Listener listener = new Listener(new CountDownLatch(0));
        Live.Connection connection = chat.live().connect(ana.principal(), listener);
        connection.join(RoomName.of("general"), null);
        connection.send(RoomName.of("general"), MessageText.of("via single sign-on"), new ClientId("c1"));
        chat.accounts().logout(ana.token());
        assertThat(listener.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Live.Ending.SIGNED_OUT);

        assertThatThrownBy(() -> chat.operators().signInAs(Username.of("nobody")))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_USER));
    }
}
