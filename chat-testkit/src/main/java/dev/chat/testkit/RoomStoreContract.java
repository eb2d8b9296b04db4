package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RoomStore} must do; an implementation's test extends this and supplies the store. */
public abstract class RoomStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private RoomStore store;

    /** A new, empty store. */
    protected abstract RoomStore newStore();

    /** A second handle on the same rooms, as another node would hold; the same object for in-process stores. */
    protected RoomStore anotherNode(RoomStore store) {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void a_created_room_can_be_found_with_its_topic_and_creator() {
        Room room = new Room(new RoomName("kotlin"), Topic.of("All about Kotlin"), "ana", T0);

        assertThat(store.create(room)).isTrue();

        assertThat(store.find(new RoomName("kotlin"))).contains(room);
    }

    @Test
    void a_server_created_room_without_topic_or_creator_reads_back_the_same() {
        Room general = new Room(new RoomName("general"), Topic.NONE, "", T0);
        store.create(general);

        assertThat(store.find(new RoomName("general"))).contains(general);
    }

    @Test
    void an_unknown_room_finds_nothing() {
        store.create(new Room(new RoomName("general"), Topic.NONE, "", T0));

        assertThat(store.find(new RoomName("random"))).isEmpty();
    }

    @Test
    void an_existing_room_cannot_be_created_again_and_keeps_its_topic() {
        Room first = new Room(new RoomName("general"), Topic.of("Say hello"), "ana", T0);
        store.create(first);

        boolean created =
                store.create(new Room(new RoomName("general"), Topic.of("Hijacked"), "bob", T0.plusSeconds(1)));

        assertThat(created).isFalse();
        assertThat(store.find(new RoomName("general"))).contains(first);
    }

    @Test
    void a_new_store_lists_no_rooms() {
        assertThat(store.page(null, 100)).isEmpty();
    }

    @Test
    void rooms_are_listed_by_name() {
        Room zeta = new Room(new RoomName("zeta"), Topic.NONE, "ana", T0);
        Room alpha = new Room(new RoomName("alpha"), Topic.of("first"), "bob", T0.plusSeconds(1));
        Room dashed = new Room(new RoomName("alpha-2"), Topic.NONE, "", T0.plusSeconds(2));
        Room middle = new Room(new RoomName("m_1"), Topic.NONE, "ana", T0.plusSeconds(3));
        store.create(zeta);
        store.create(alpha);
        store.create(middle);
        store.create(dashed);

        assertThat(anotherNode(store).page(null, 100)).containsExactly(alpha, dashed, middle, zeta);
    }

    @Test
    void rooms_are_listed_a_page_at_a_time_after_the_last_one_seen() {
        for (int i = 0; i < 25; i++) {
            store.create(new Room(new RoomName(String.format("room-%02d", i)), Topic.NONE, "ana", T0));
        }

        List<Room> first = anotherNode(store).page(null, 10);
        List<Room> second = anotherNode(store).page(first.get(9).name(), 10);
        List<Room> third = anotherNode(store).page(second.get(9).name(), 10);

        assertThat(first)
                .extracting(r -> r.name().value())
                .startsWith("room-00")
                .endsWith("room-09");
        assertThat(second)
                .extracting(r -> r.name().value())
                .startsWith("room-10")
                .endsWith("room-19");
        assertThat(third)
                .extracting(r -> r.name().value())
                .containsExactly("room-20", "room-21", "room-22", "room-23", "room-24");
        assertThat(store.page(new RoomName("room-24"), 10)).isEmpty();
        assertThat(store.page(new RoomName("room-055"), 3))
                .as("after a name that is not a room")
                .extracting(r -> r.name().value())
                .containsExactly("room-06", "room-07", "room-08");
    }

    @Test
    void two_racing_creations_of_one_room_let_exactly_one_win() {
        RoomStore[] nodes = {store, anotherNode(store)};
        for (int round = 0; round < 20; round++) {
            RoomName name = new RoomName("room-" + round);

            List<Boolean> wins = Race.run(
                    4,
                    racer -> nodes[racer % 2].create(
                            new Room(name, Topic.of("by racer " + racer), "user-" + racer, T0)));

            assertThat(wins).as("round %d", round).containsOnlyOnce(true);
            int winner = wins.indexOf(true);
            assertThat(store.find(name).map(Room::createdBy))
                    .as("round %d", round)
                    .contains("user-" + winner);
        }
        assertThat(anotherNode(store).page(null, 100)).hasSize(20);
    }

    @Test
    void a_topic_can_be_changed() {
        store.create(new Room(new RoomName("general"), Topic.of("Say hello"), "ana", T0));

        assertThat(store.setTopic(new RoomName("general"), Topic.of("Say goodbye")))
                .isTrue();

        assertThat(anotherNode(store).find(new RoomName("general")).map(Room::topic))
                .contains(Topic.of("Say goodbye"));
        assertThat(store.setTopic(new RoomName("nowhere"), Topic.of("x"))).isFalse();
        assertThat(store.find(new RoomName("nowhere"))).isEmpty();
    }

    @Test
    void a_renamed_room_keeps_its_topic_and_creator_under_the_new_name() {
        store.create(new Room(new RoomName("general"), Topic.of("Say hello"), "ana", T0));

        assertThat(store.rename(new RoomName("general"), new RoomName("lobby"))).isTrue();

        assertThat(store.find(new RoomName("general"))).isEmpty();
        assertThat(anotherNode(store).find(new RoomName("lobby")))
                .contains(new Room(new RoomName("lobby"), Topic.of("Say hello"), "ana", T0));
        assertThat(anotherNode(store).page(null, 100))
                .extracting(r -> r.name().value())
                .containsExactly("lobby");
    }

    @Test
    void a_room_cannot_be_renamed_onto_another_or_from_nowhere() {
        store.create(new Room(new RoomName("general"), Topic.NONE, "", T0));
        store.create(new Room(new RoomName("random"), Topic.of("Off topic"), "bob", T0));

        assertThat(store.rename(new RoomName("general"), new RoomName("random")))
                .isFalse();
        assertThat(store.rename(new RoomName("nowhere"), new RoomName("lobby"))).isFalse();

        assertThat(store.find(new RoomName("random")).map(Room::topic)).contains(Topic.of("Off topic"));
        assertThat(store.find(new RoomName("general"))).isPresent();
        assertThat(store.find(new RoomName("lobby"))).isEmpty();
    }

    @Test
    void a_deleted_room_is_gone_and_its_name_free_again() {
        store.create(new Room(new RoomName("general"), Topic.NONE, "", T0));

        assertThat(store.delete(new RoomName("general"))).isTrue();
        assertThat(store.delete(new RoomName("general"))).isFalse();

        assertThat(store.find(new RoomName("general"))).isEmpty();
        assertThat(store.create(new Room(new RoomName("general"), Topic.of("again"), "ana", T0)))
                .isTrue();
    }

    @Test
    void private_and_direct_rooms_read_back_with_their_kind_and_keep_it_through_a_topic_and_a_rename() {
        Room secret = new Room(new RoomName("secret"), Topic.of("shh"), "ana", T0, RoomKind.PRIVATE);
        Room direct = new Room(new RoomName("dm-abc"), Topic.NONE, "ana", T0, RoomKind.DIRECT);
        store.create(secret);
        store.create(direct);

        assertThat(anotherNode(store).find(new RoomName("secret"))).contains(secret);
        assertThat(anotherNode(store).find(new RoomName("dm-abc"))).contains(direct);

        store.setTopic(new RoomName("secret"), Topic.of("still shh"));
        store.rename(new RoomName("secret"), new RoomName("hidden"));
        assertThat(anotherNode(store).find(new RoomName("hidden")).map(Room::kind))
                .contains(RoomKind.PRIVATE);
    }

    @Test
    void the_listing_is_the_public_directory_only() {
        store.create(new Room(new RoomName("alpha"), Topic.NONE, "ana", T0));
        store.create(new Room(new RoomName("beta"), Topic.NONE, "ana", T0, RoomKind.PRIVATE));
        store.create(new Room(new RoomName("dm-x"), Topic.NONE, "ana", T0, RoomKind.DIRECT));
        store.create(new Room(new RoomName("gamma"), Topic.NONE, "ana", T0));
        for (int i = 0; i < 5; i++) {
            store.create(new Room(new RoomName("hidden-" + i), Topic.NONE, "ana", T0, RoomKind.PRIVATE));
        }
        store.create(new Room(new RoomName("zeta"), Topic.NONE, "ana", T0));

        assertThat(anotherNode(store).page(null, 100))
                .extracting(r -> r.name().value())
                .containsExactly("alpha", "gamma", "zeta");
        assertThat(anotherNode(store).page(new RoomName("alpha"), 2))
                .as("a page is filled with public rooms, whatever private ones lie between")
                .extracting(r -> r.name().value())
                .containsExactly("gamma", "zeta");
    }

    @Test
    void each_kind_pages_on_its_own() {
        store.create(new Room(new RoomName("alpha"), Topic.NONE, "ana", T0));
        store.create(new Room(new RoomName("beta"), Topic.NONE, "ana", T0, RoomKind.PRIVATE));
        store.create(new Room(new RoomName("dm-1"), Topic.NONE, "ana", T0, RoomKind.DIRECT));
        store.create(new Room(new RoomName("dm-2"), Topic.NONE, "bob", T0, RoomKind.DIRECT));
        store.create(new Room(new RoomName("gamma"), Topic.NONE, "ana", T0, RoomKind.PRIVATE));

        assertThat(anotherNode(store).page(RoomKind.PRIVATE, null, 100))
                .extracting(r -> r.name().value())
                .containsExactly("beta", "gamma");
        assertThat(anotherNode(store).page(RoomKind.DIRECT, new RoomName("dm-1"), 100))
                .extracting(r -> r.name().value())
                .containsExactly("dm-2");
        assertThat(anotherNode(store).page(RoomKind.PUBLIC, null, 1))
                .extracting(r -> r.name().value())
                .containsExactly("alpha");
    }
}
