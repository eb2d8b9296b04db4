package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.MessageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that answers appends later, on a thread of its own (SQLite's writer): a send returns at once, is
 * answered and told to the room only once the store has the message, and what follows runs on the core's threads,
 * not the store's, which the next writes wait for.
 */
class PostStoredLaterTest {

    private static final RoomName GENERAL = RoomName.of("general");
    private static final String STORE_THREAD = "the-store-s-writer";

    private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> new Thread(r, STORE_THREAD));
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean failing;
    private ChatCore core;

    @AfterEach
    void close() {
        release.countDown();
        core.close();
        storeThread.shutdownNow();
    }

    /** The in-memory store, whose appends are made on {@link #STORE_THREAD} once {@link #release}d. */
    private MessageStore storeAnsweringLater() {
        InMemoryMessageStore memory = new InMemoryMessageStore();
        return (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendAsync")) {
                        MessageStore.NewMessage message = (MessageStore.NewMessage) args[0];
                        CompletableFuture<MessageStore.Appended> answer = new CompletableFuture<>();
                        storeThread.execute(() -> {
                            try {
                                release.await();
                                if (failing) {
                                    throw new IllegalStateException("the disk is gone");
                                }
                                answer.complete(memory.append(message));
                            } catch (Exception e) {
                                answer.completeExceptionally(e);
                            }
                        });
                        return answer;
                    }
                    if (method.getName().equals("append")) {
                        throw new AssertionError("a send must not wait for the store on the caller's thread");
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Principal signUp(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    /** Who heard what, and on which thread. */
    private static final class ThreadRecordingListener implements Live.DirectListener {
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        final RecordingListener events = new RecordingListener();

        @Override
        public void onEvent(LiveEvent event) {
            if (event instanceof LiveEvent.Delivered) {
                threads.add(Thread.currentThread().getName());
            }
            events.onEvent(event);
        }

        @Override
        public void onClosed(Live.Ending ending) {}
    }

    @Test
    void a_send_is_answered_and_told_to_the_room_only_once_stored_and_never_on_the_store_s_thread() throws Exception {
        core = ChatCore.inMemory()
                .messageStore(storeAnsweringLater())
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        ThreadRecordingListener bob = new ThreadRecordingListener();
        core.live().connect(signUp("bob"), bob).join(GENERAL, null);
        Live.Connection ana = core.live().connect(signUp("ana"), new RecordingListener());
        ana.join(GENERAL, null);

        CompletableFuture<Messages.Posted> posted =
                ana.sendAsync(GENERAL, MessageText.of("hi"), new ClientId("c1"), null);

        Thread.sleep(100);
        assertThat(posted).as("answered before the store has it").isNotDone();
        assertThat(bob.events.messageIds())
                .as("told to the room before the store has it")
                .isEmpty();

        release.countDown();

        assertThat(posted.get(10, TimeUnit.SECONDS).message().id()).isEqualTo(1);
        assertThat(bob.events.messageIds()).containsExactly(1L);
        assertThat(bob.threads).noneMatch(STORE_THREAD::equals);
        // The synchronous send is the same path, waited for.
        assertThat(ana.send(GENERAL, MessageText.of("again"), new ClientId("c2"))
                        .message()
                        .id())
                .isEqualTo(2);
    }

    @Test
    void a_store_failing_later_answers_not_stored_with_its_retry_hint_and_the_send_does_not_count_against_the_limit()
            throws Exception {
        core = ChatCore.inMemory()
                .messageStore(storeAnsweringLater())
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withRateLimitPer10s(1))
                .build();
        Live.Connection ana = core.live().connect(signUp("ana"), new RecordingListener());
        ana.join(GENERAL, null);
        failing = true;
        release.countDown();

        CompletableFuture<Messages.Posted> lost =
                ana.sendAsync(GENERAL, MessageText.of("hi"), new ClientId("c1"), null);

        Throwable failure = failureOf(lost);
        assertThat(failure).isInstanceOf(ChatException.class);
        assertThat(((ChatException) failure).code()).isEqualTo(ErrorCode.NOT_STORED);
        assertThat(((ChatException) failure).retryAfter()).contains(Duration.ofSeconds(1));

        failing = false;
        assertThat(ana.sendAsync(GENERAL, MessageText.of("hi"), new ClientId("c1"), null)
                        .get(10, TimeUnit.SECONDS)
                        .message()
                        .id())
                .as("resent at once, within a limit of one message per 10 s")
                .isEqualTo(1);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("it succeeded");
    }
}
