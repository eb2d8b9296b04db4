package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MemberStore} must do; an implementation's test extends this and supplies the store. */
public abstract class MemberStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private static final RoomName TEAM = new RoomName("team");
    private static final RoomName OPS = new RoomName("ops");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final Username CAROL = new Username("carol");

    private MemberStore store;

    /** A new, empty store. */
    protected abstract MemberStore newStore();

    /** A second handle on the same memberships, as another node would hold; the same object for in-process stores. */
    protected MemberStore anotherNode(MemberStore store) {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static Member member(RoomName room, Username user, Role role, int second) {
        return new Member(room, user, role, T0.plusSeconds(second));
    }

    @Test
    void a_read_marker_moves_forward_only_and_survives_role_changes_and_moves() {
        store.add(member(TEAM, ANA, Role.MEMBER, 0));

        assertThat(store.find(TEAM, ANA).orElseThrow().readUpTo())
                .as("a new member has read nothing")
                .isZero();
        assertThat(store.markRead(TEAM, ANA, 7)).isTrue();
        assertThat(anotherNode(store).markRead(TEAM, ANA, 5))
                .as("a smaller marker is not an error")
                .isTrue();
        assertThat(store.find(TEAM, ANA).orElseThrow().readUpTo())
                .as("never back")
                .isEqualTo(7);
        store.setRole(TEAM, ANA, Role.MODERATOR);
        assertThat(store.find(TEAM, ANA).orElseThrow().readUpTo()).isEqualTo(7);
        assertThat(store.roomsOf(ANA, null, 10)).extracting(Member::readUpTo).containsExactly(7L);
        assertThat(store.markRead(TEAM, BOB, 3)).as("not a member").isFalse();
        assertThat(store.find(TEAM, BOB)).isEmpty();
        store.moveRoom(TEAM, OPS);
        assertThat(store.find(OPS, ANA).orElseThrow().readUpTo()).isEqualTo(7);
    }

    @Test
    void an_added_member_is_found_with_role_and_since() {
        Member ana = member(TEAM, ANA, Role.OWNER, 0);

        assertThat(store.add(ana)).isTrue();

        assertThat(anotherNode(store).find(TEAM, ANA)).contains(ana);
        assertThat(store.find(TEAM, BOB)).isEmpty();
        assertThat(store.find(OPS, ANA)).isEmpty();
    }

    @Test
    void a_member_cannot_be_added_twice_and_keeps_their_first_role() {
        store.add(member(TEAM, ANA, Role.OWNER, 0));

        assertThat(store.add(member(TEAM, ANA, Role.MEMBER, 5))).isFalse();

        assertThat(store.find(TEAM, ANA).map(Member::role)).contains(Role.OWNER);
    }

    @Test
    void of_racing_adds_of_one_user_exactly_one_wins() {
        MemberStore[] nodes = {store, anotherNode(store)};
        for (int round = 0; round < 10; round++) {
            RoomName room = new RoomName("room-" + round);

            List<Boolean> wins = Race.run(4, racer -> nodes[racer % 2].add(member(room, ANA, Role.MEMBER, racer)));

            assertThat(wins).as("round %d", round).containsOnlyOnce(true);
            assertThat(store.find(room, ANA).map(Member::since))
                    .as("round %d", round)
                    .contains(T0.plusSeconds(wins.indexOf(true)));
        }
    }

    @Test
    void a_rooms_members_are_listed_by_name_a_page_at_a_time() {
        for (String name : new String[] {"zed", "bob", "carol", "ana", "dave"}) {
            store.add(member(TEAM, new Username(name), Role.MEMBER, 0));
        }
        store.add(member(OPS, new Username("eve"), Role.OWNER, 0));

        List<Member> first = anotherNode(store).members(TEAM, null, 2);
        List<Member> rest = anotherNode(store).members(TEAM, first.get(1).user(), 10);

        assertThat(first).extracting(m -> m.user().value()).containsExactly("ana", "bob");
        assertThat(rest).extracting(m -> m.user().value()).containsExactly("carol", "dave", "zed");
        assertThat(store.members(new RoomName("nowhere"), null, 10)).isEmpty();
    }

    @Test
    void a_users_rooms_are_one_query_by_room_name_a_page_at_a_time() {
        for (String room : new String[] {"zeta", "alpha", "dm-1", "mid"}) {
            store.add(member(new RoomName(room), ANA, Role.MEMBER, 0));
        }
        store.add(member(new RoomName("beta"), BOB, Role.OWNER, 0));

        List<Member> first = anotherNode(store).roomsOf(ANA, null, 3);
        List<Member> rest = anotherNode(store).roomsOf(ANA, first.get(2).room(), 10);

        assertThat(first).extracting(m -> m.room().value()).containsExactly("alpha", "dm-1", "mid");
        assertThat(rest).extracting(m -> m.room().value()).containsExactly("zeta");
        assertThat(store.roomsOf(CAROL, null, 10)).isEmpty();
    }

    @Test
    void a_role_can_be_changed_and_shows_both_ways() {
        store.add(member(TEAM, BOB, Role.MEMBER, 0));

        assertThat(store.setRole(TEAM, BOB, Role.MODERATOR)).isTrue();
        assertThat(store.setRole(TEAM, CAROL, Role.MODERATOR))
                .as("not a member")
                .isFalse();

        assertThat(anotherNode(store).find(TEAM, BOB)).contains(member(TEAM, BOB, Role.MODERATOR, 0));
        assertThat(anotherNode(store).roomsOf(BOB, null, 10)).containsExactly(member(TEAM, BOB, Role.MODERATOR, 0));
        assertThat(store.find(TEAM, CAROL)).isEmpty();
    }

    @Test
    void a_removed_member_is_gone_both_ways() {
        store.add(member(TEAM, ANA, Role.OWNER, 0));
        store.add(member(TEAM, BOB, Role.MEMBER, 1));
        store.add(member(OPS, BOB, Role.MEMBER, 2));

        assertThat(store.remove(TEAM, BOB)).isTrue();
        assertThat(store.remove(TEAM, BOB)).isFalse();

        assertThat(anotherNode(store).find(TEAM, BOB)).isEmpty();
        assertThat(anotherNode(store).members(TEAM, null, 10))
                .extracting(Member::user)
                .containsExactly(ANA);
        assertThat(anotherNode(store).roomsOf(BOB, null, 10))
                .extracting(Member::room)
                .containsExactly(OPS);
    }

    @Test
    void removing_every_member_of_a_deleted_room_leaves_their_other_rooms() {
        store.add(member(TEAM, ANA, Role.OWNER, 0));
        store.add(member(TEAM, BOB, Role.MEMBER, 1));
        store.add(member(OPS, BOB, Role.MEMBER, 2));

        store.removeAll(TEAM);

        assertThat(anotherNode(store).members(TEAM, null, 10)).isEmpty();
        assertThat(anotherNode(store).roomsOf(ANA, null, 10)).isEmpty();
        assertThat(anotherNode(store).roomsOf(BOB, null, 10))
                .extracting(Member::room)
                .containsExactly(OPS);
    }

    @Test
    void a_renamed_rooms_members_move_with_their_roles_and_since() {
        store.add(member(TEAM, ANA, Role.OWNER, 0));
        store.add(member(TEAM, BOB, Role.MODERATOR, 1));
        RoomName crew = new RoomName("crew");

        store.moveRoom(TEAM, crew);

        assertThat(anotherNode(store).members(TEAM, null, 10)).isEmpty();
        assertThat(anotherNode(store).members(crew, null, 10))
                .containsExactly(member(crew, ANA, Role.OWNER, 0), member(crew, BOB, Role.MODERATOR, 1));
        assertThat(anotherNode(store).roomsOf(BOB, null, 10)).containsExactly(member(crew, BOB, Role.MODERATOR, 1));
    }
}
