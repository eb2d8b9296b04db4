package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A listener that does not keep up is cut off at its backlog, and still told that its connection ended. */
class QueuedListenerTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void past_its_backlog_a_listener_gets_nothing_more_but_its_end() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<LiveEvent> given = new CopyOnWriteArrayList<>();
        CompletableFuture<Live.Ending> ended = new CompletableFuture<>();
        QueuedListener queued = new QueuedListener(
                new Live.Listener() {
                    @Override
                    public void onEvent(LiveEvent event) {
                        busy.countDown();
                        try {
                            stuck.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        given.add(event);
                    }

                    @Override
                    public void onClosed(Live.Ending ending) {
                        ended.complete(ending);
                    }
                },
                pool,
                3);
        AtomicInteger failures = new AtomicInteger();
        queued.onFailure(() -> {
            failures.incrementAndGet();
            queued.onClosed(Live.Ending.FAILED);
        });

        LiveEvent first = new LiveEvent.Gap(RoomName.of("first"));
        queued.onEvent(first);
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            queued.onEvent(new LiveEvent.Gap(RoomName.of("waiting" + i)));
        }
        assertThat(failures).as("three may wait").hasValue(0);
        queued.onEvent(new LiveEvent.Gap(RoomName.of("one-too-many")));
        assertThat(failures).hasValue(1);
        queued.onEvent(new LiveEvent.Gap(RoomName.of("after")));

        stuck.countDown();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(Live.Ending.FAILED);
        assertThat(given).containsExactly(first);
        assertThat(failures).hasValue(1);
    }
}
