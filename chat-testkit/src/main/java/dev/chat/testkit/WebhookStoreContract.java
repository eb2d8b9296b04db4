package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WebhookStore} must do; an implementation's test extends this and supplies the store. */
public abstract class WebhookStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private static final RoomName OPS = new RoomName("ops");
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName LOBBY = new RoomName("lobby");
    private static final Username ANA = new Username("ana");
    private static final Username DEPLOY_BOT = new Username("deploy-bot");
    private static final Username STATUS_BOT = new Username("status-bot");

    private WebhookStore store;

    /** A new, empty store. */
    protected abstract WebhookStore newStore();

    /** A second handle on the same webhooks, as another node would hold; the same object for in-process stores. */
    protected WebhookStore anotherNode(WebhookStore store) {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static Webhook incoming(String id, RoomName room) {
        return new Webhook(id, room, Webhook.Kind.INCOMING, DEPLOY_BOT, ANA, T0, "sha-" + id, null, null, null, 0);
    }

    private static Webhook outgoing(String id, RoomName room) {
        return new Webhook(
                id,
                room,
                Webhook.Kind.OUTGOING,
                STATUS_BOT,
                ANA,
                T0,
                null,
                "key-" + id,
                URI.create("https://bots.example.com/hooks/" + id + "?v=2"),
                "!status",
                7);
    }

    private static WebhookAttempt attempt(long messageId) {
        return new WebhookAttempt(T0.plusMillis(messageId), messageId, 1, 200, null, 12);
    }

    @Test
    void a_saved_webhook_is_found_with_everything_it_was_given() {
        Webhook in = incoming("a1a1a1a1a1a1", OPS);
        Webhook out = outgoing("b2b2b2b2b2b2", OPS);
        Webhook everyMessage = new Webhook(
                "c3c3c3c3c3c3",
                GENERAL,
                Webhook.Kind.OUTGOING,
                STATUS_BOT,
                new Username("bob"),
                T0.plusMillis(1),
                null,
                "key with spaces and ünïcödé",
                URI.create("http://10.0.0.7:8080/in"),
                null,
                Long.MAX_VALUE - 1);

        store.save(in);
        store.save(out);
        store.save(everyMessage);

        assertThat(store.find("a1a1a1a1a1a1")).contains(in);
        assertThat(store.find("b2b2b2b2b2b2")).contains(out);
        assertThat(store.find("c3c3c3c3c3c3")).contains(everyMessage);
        assertThat(store.find("d4d4d4d4d4d4")).isEmpty();
    }

    @Test
    void a_room_s_webhooks_are_listed_and_no_other_room_s() {
        store.save(incoming("a1a1a1a1a1a1", OPS));
        store.save(outgoing("a2a2a2a2a2a2", OPS));
        store.save(outgoing("b1b1b1b1b1b1", GENERAL));

        assertThat(store.listOf(OPS))
                .containsExactlyInAnyOrder(incoming("a1a1a1a1a1a1", OPS), outgoing("a2a2a2a2a2a2", OPS));
        assertThat(store.listOf(GENERAL)).containsExactly(outgoing("b1b1b1b1b1b1", GENERAL));
        assertThat(store.listOf(LOBBY)).isEmpty();
    }

    @Test
    void every_room_s_outgoing_webhooks_are_listed_and_no_incoming_one() {
        store.save(incoming("a1a1a1a1a1a1", OPS));
        store.save(outgoing("a2a2a2a2a2a2", OPS));
        store.save(outgoing("b1b1b1b1b1b1", GENERAL));
        store.save(incoming("b2b2b2b2b2b2", GENERAL));

        assertThat(store.outgoing())
                .containsExactlyInAnyOrder(outgoing("a2a2a2a2a2a2", OPS), outgoing("b1b1b1b1b1b1", GENERAL));
    }

    @Test
    void no_webhooks_list_nothing() {
        assertThat(store.outgoing()).isEmpty();
        assertThat(store.listOf(OPS)).isEmpty();
    }

    @Test
    void a_deleted_webhook_is_returned_once_and_is_gone_with_its_log() {
        Webhook out = outgoing("a1a1a1a1a1a1", OPS);
        store.save(out);
        store.save(outgoing("a2a2a2a2a2a2", OPS));
        store.record("a1a1a1a1a1a1", attempt(1));
        store.record("a2a2a2a2a2a2", attempt(2));

        assertThat(store.delete(OPS, "a1a1a1a1a1a1")).contains(out);

        assertThat(store.find("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.log("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.delete(OPS, "a1a1a1a1a1a1")).isEmpty();
        assertThat(store.listOf(OPS)).extracting(Webhook::id).containsExactly("a2a2a2a2a2a2");
        assertThat(store.log("a2a2a2a2a2a2")).containsExactly(attempt(2));
    }

    @Test
    void a_webhook_is_deleted_only_through_its_own_room() {
        Webhook out = outgoing("a1a1a1a1a1a1", OPS);
        store.save(out);
        store.record("a1a1a1a1a1a1", attempt(1));

        assertThat(store.delete(GENERAL, "a1a1a1a1a1a1")).isEmpty();
        assertThat(store.delete(OPS, "b1b1b1b1b1b1")).isEmpty();

        assertThat(store.find("a1a1a1a1a1a1")).contains(out);
        assertThat(store.log("a1a1a1a1a1a1")).containsExactly(attempt(1));
    }

    @Test
    void deleting_a_room_deletes_its_webhooks_and_their_logs_and_no_other_room_s() {
        store.save(incoming("a1a1a1a1a1a1", OPS));
        store.save(outgoing("a2a2a2a2a2a2", OPS));
        store.save(outgoing("b1b1b1b1b1b1", GENERAL));
        store.record("a2a2a2a2a2a2", attempt(1));
        store.record("b1b1b1b1b1b1", attempt(2));

        store.deleteRoom(OPS);

        assertThat(store.listOf(OPS)).isEmpty();
        assertThat(store.find("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.find("a2a2a2a2a2a2")).isEmpty();
        assertThat(store.log("a2a2a2a2a2a2")).isEmpty();
        assertThat(store.outgoing()).containsExactly(outgoing("b1b1b1b1b1b1", GENERAL));
        assertThat(store.log("b1b1b1b1b1b1")).containsExactly(attempt(2));
        store.deleteRoom(LOBBY);
    }

    @Test
    void a_moved_room_s_webhooks_are_under_its_new_name_with_their_cursor_lease_and_log() {
        store.save(incoming("a1a1a1a1a1a1", OPS));
        store.save(outgoing("a2a2a2a2a2a2", OPS));
        store.save(outgoing("b1b1b1b1b1b1", GENERAL));
        store.record("a2a2a2a2a2a2", attempt(1));
        store.advance("a2a2a2a2a2a2", 7, 9);
        store.lease("a2a2a2a2a2a2", "node-1", T0, T0.plusSeconds(30));

        store.moveRoom(OPS, LOBBY);

        assertThat(store.listOf(OPS)).isEmpty();
        assertThat(store.listOf(LOBBY))
                .containsExactlyInAnyOrder(
                        incoming("a1a1a1a1a1a1", LOBBY),
                        outgoing("a2a2a2a2a2a2", LOBBY).atCursor(9));
        assertThat(store.find("a2a2a2a2a2a2"))
                .contains(outgoing("a2a2a2a2a2a2", LOBBY).atCursor(9));
        assertThat(store.log("a2a2a2a2a2a2")).containsExactly(attempt(1));
        assertThat(store.lease("a2a2a2a2a2a2", "node-2", T0.plusSeconds(1), T0.plusSeconds(31)))
                .as("still leased to node-1")
                .isFalse();
        assertThat(store.listOf(GENERAL)).containsExactly(outgoing("b1b1b1b1b1b1", GENERAL));
        assertThat(store.delete(OPS, "a1a1a1a1a1a1")).isEmpty();
        assertThat(store.delete(LOBBY, "a1a1a1a1a1a1")).contains(incoming("a1a1a1a1a1a1", LOBBY));
    }

    @Test
    void a_free_lease_is_taken_and_refused_to_another_holder_until_it_has_ended() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        Instant until = T0.plusSeconds(30);

        assertThat(store.lease("a1a1a1a1a1a1", "node-1", T0, until)).isTrue();

        assertThat(store.lease("a1a1a1a1a1a1", "node-2", T0.plusSeconds(1), T0.plusSeconds(31)))
                .isFalse();
        assertThat(store.lease("a1a1a1a1a1a1", "node-2", until, until.plusSeconds(30)))
                .as("at the very instant it ends")
                .isFalse();
        assertThat(store.lease("a1a1a1a1a1a1", "node-2", until.plusMillis(1), until.plusSeconds(30)))
                .as("once it has ended")
                .isTrue();
        assertThat(store.lease("a1a1a1a1a1a1", "node-1", until.plusMillis(2), until.plusSeconds(40)))
                .as("node-2 holds it now")
                .isFalse();
    }

    @Test
    void the_holder_renews_its_lease_and_the_renewal_counts() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.lease("a1a1a1a1a1a1", "node-1", T0, T0.plusSeconds(30));

        assertThat(store.lease("a1a1a1a1a1a1", "node-1", T0.plusSeconds(20), T0.plusSeconds(50)))
                .isTrue();

        assertThat(store.lease("a1a1a1a1a1a1", "node-2", T0.plusSeconds(40), T0.plusSeconds(70)))
                .as("renewed until +50 s")
                .isFalse();
        assertThat(store.lease("a1a1a1a1a1a1", "node-2", T0.plusSeconds(51), T0.plusSeconds(81)))
                .isTrue();
    }

    @Test
    void a_lease_is_given_back_only_by_its_holder() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.lease("a1a1a1a1a1a1", "node-1", T0, T0.plusSeconds(30));

        store.release("a1a1a1a1a1a1", "node-2");
        assertThat(store.lease("a1a1a1a1a1a1", "node-2", T0.plusSeconds(1), T0.plusSeconds(31)))
                .as("not released by a stranger")
                .isFalse();

        store.release("a1a1a1a1a1a1", "node-1");
        assertThat(store.lease("a1a1a1a1a1a1", "node-2", T0.plusSeconds(2), T0.plusSeconds(32)))
                .as("released by its holder")
                .isTrue();
        store.release("b1b1b1b1b1b1", "node-1");
    }

    @Test
    void an_unknown_or_deleted_webhook_cannot_be_leased() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.delete(OPS, "a1a1a1a1a1a1");

        assertThat(store.lease("a1a1a1a1a1a1", "node-1", T0, T0.plusSeconds(30)))
                .isFalse();
        assertThat(store.lease("b1b1b1b1b1b1", "node-1", T0, T0.plusSeconds(30)))
                .isFalse();
        assertThat(store.find("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.find("b1b1b1b1b1b1")).isEmpty();
    }

    @Test
    void leasing_and_releasing_leave_the_webhook_as_it_was() {
        Webhook out = outgoing("a1a1a1a1a1a1", OPS);
        store.save(out);

        store.lease("a1a1a1a1a1a1", "node-1", T0, T0.plusSeconds(30));
        assertThat(store.find("a1a1a1a1a1a1")).contains(out);
        store.release("a1a1a1a1a1a1", "node-1");
        assertThat(store.find("a1a1a1a1a1a1")).contains(out);
        assertThat(store.listOf(OPS)).containsExactly(out);
    }

    @Test
    void of_nodes_racing_for_a_free_lease_exactly_one_gets_it() {
        WebhookStore[] nodes = {store, anotherNode(store)};
        for (int round = 0; round < 5; round++) {
            String id = "a1a1a1a1a1a" + round;
            store.save(outgoing(id, OPS));

            List<Boolean> won =
                    Race.run(4, racer -> nodes[racer % 2].lease(id, "node-" + racer, T0, T0.plusSeconds(30)));

            assertThat(won).as("round %d", round).containsOnlyOnce(true);
        }
    }

    @Test
    void the_cursor_moves_only_from_where_it_is() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));

        assertThat(store.advance("a1a1a1a1a1a1", 7, 12)).isTrue();
        assertThat(store.find("a1a1a1a1a1a1"))
                .contains(outgoing("a1a1a1a1a1a1", OPS).atCursor(12));

        assertThat(store.advance("a1a1a1a1a1a1", 7, 15)).as("no longer at 7").isFalse();
        assertThat(store.find("a1a1a1a1a1a1").map(Webhook::cursor)).contains(12L);
        assertThat(store.advance("b1b1b1b1b1b1", 0, 1)).as("no such webhook").isFalse();
        assertThat(store.find("b1b1b1b1b1b1")).isEmpty();
    }

    @Test
    void of_nodes_racing_to_move_the_cursor_from_one_place_exactly_one_does() {
        WebhookStore[] nodes = {store, anotherNode(store)};
        store.save(outgoing("a1a1a1a1a1a1", OPS));

        List<Boolean> moved = Race.run(4, racer -> nodes[racer % 2].advance("a1a1a1a1a1a1", 7, 100 + racer));

        assertThat(moved).containsOnlyOnce(true);
        assertThat(store.find("a1a1a1a1a1a1").map(Webhook::cursor)).contains(100L + moved.indexOf(true));
    }

    @Test
    void the_log_shows_attempts_newest_first_exactly_as_recorded() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        WebhookAttempt refused = new WebhookAttempt(T0, 41, 1, 500, "The receiver answered 500.", 230);
        WebhookAttempt unreachable = new WebhookAttempt(T0.plusMillis(1_001), 41, 2, 0, "No answer within 5 s.", 5_000);
        WebhookAttempt delivered = new WebhookAttempt(T0.plusMillis(1_001), 41, 3, 204, null, 0);

        store.record("a1a1a1a1a1a1", refused);
        store.record("a1a1a1a1a1a1", unreachable);
        store.record("a1a1a1a1a1a1", delivered);

        assertThat(store.log("a1a1a1a1a1a1")).containsExactly(delivered, unreachable, refused);
    }

    @Test
    void the_log_keeps_only_the_newest_attempts() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        int recorded = WebhookStore.LOG_SIZE + 7;

        for (int i = 1; i <= recorded; i++) {
            store.record("a1a1a1a1a1a1", attempt(i));
        }

        assertThat(store.log("a1a1a1a1a1a1"))
                .containsExactlyElementsOf(
                        IntStream.iterate(recorded, i -> i > recorded - WebhookStore.LOG_SIZE, i -> i - 1)
                                .mapToObj(WebhookStoreContract::attempt)
                                .toList());
    }

    @Test
    void attempts_recorded_at_once_by_several_nodes_are_all_kept_up_to_the_log_size() {
        WebhookStore[] nodes = {store, anotherNode(store)};
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.save(outgoing("b1b1b1b1b1b1", OPS));

        Race.run(4, racer -> {
            for (int i = 0; i < 15; i++) {
                nodes[racer % 2].record("a1a1a1a1a1a1", attempt(racer * 100 + i));
                nodes[racer % 2].record("b1b1b1b1b1b1", attempt(racer * 100 + i));
            }
            return null;
        });

        assertThat(store.log("a1a1a1a1a1a1")).hasSize(WebhookStore.LOG_SIZE).doesNotHaveDuplicates();
        assertThat(store.log("b1b1b1b1b1b1")).hasSize(WebhookStore.LOG_SIZE).doesNotHaveDuplicates();
    }

    @Test
    void each_webhook_has_a_log_of_its_own() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.save(outgoing("b1b1b1b1b1b1", GENERAL));

        store.record("a1a1a1a1a1a1", attempt(1));
        store.record("b1b1b1b1b1b1", attempt(2));
        store.record("a1a1a1a1a1a1", attempt(3));

        assertThat(store.log("a1a1a1a1a1a1")).containsExactly(attempt(3), attempt(1));
        assertThat(store.log("b1b1b1b1b1b1")).containsExactly(attempt(2));
    }

    @Test
    void recording_for_an_unknown_or_deleted_webhook_keeps_nothing() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));
        store.delete(OPS, "a1a1a1a1a1a1");

        store.record("a1a1a1a1a1a1", attempt(1));
        store.record("b1b1b1b1b1b1", attempt(2));

        assertThat(store.log("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.log("b1b1b1b1b1b1")).isEmpty();
        assertThat(store.find("a1a1a1a1a1a1")).isEmpty();
        assertThat(store.find("b1b1b1b1b1b1")).isEmpty();
    }

    @Test
    void a_webhook_never_attempted_has_an_empty_log() {
        store.save(outgoing("a1a1a1a1a1a1", OPS));

        assertThat(store.log("a1a1a1a1a1a1")).isEmpty();
    }
}
