package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.PresenceStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceStore} must do, seen from two nodes of one deployment; an implementation's
 * test extends this and supplies the nodes.
 */
public abstract class PresenceStoreContract {

    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName RANDOM = new RoomName("random");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    private PresenceStore a;
    private PresenceStore b;

    /** Node {@code i} (0 or 1) of one deployment, the same handle for the same {@code i} within a test. */
    protected abstract PresenceStore node(int i);

    @BeforeEach
    void connectNodes() {
        a = node(0);
        b = node(1);
    }

    @Test
    void a_user_s_first_connection_brings_them_online_and_the_last_takes_them_offline() {
        assertThat(a.add(GENERAL, ANA)).as("first connection").isTrue();
        assertThat(a.add(GENERAL, ANA)).as("second tab").isFalse();

        assertThat(a.remove(GENERAL, ANA)).as("one tab closed").isFalse();
        assertThat(a.users(GENERAL)).containsExactly(ANA);
        assertThat(a.remove(GENERAL, ANA)).as("last tab closed").isTrue();
        assertThat(a.users(GENERAL)).isEmpty();
    }

    @Test
    void a_user_online_on_two_nodes_is_one_person_until_both_have_left() {
        assertThat(a.add(GENERAL, ANA)).isTrue();
        assertThat(b.add(GENERAL, ANA))
                .as("already online through the other node")
                .isFalse();
        assertThat(a.users(GENERAL)).containsExactly(ANA);
        assertThat(b.counts(List.of(GENERAL))).containsEntry(GENERAL, 1);

        assertThat(a.remove(GENERAL, ANA))
                .as("still online through the other node")
                .isFalse();
        assertThat(b.users(GENERAL)).containsExactly(ANA);
        assertThat(b.remove(GENERAL, ANA)).isTrue();
        assertThat(a.users(GENERAL)).isEmpty();
    }

    @Test
    void every_node_sees_the_same_users_sorted_by_name() {
        a.add(GENERAL, BOB);
        b.add(GENERAL, ANA);
        b.add(RANDOM, BOB);

        assertThat(a.users(GENERAL)).containsExactly(ANA, BOB);
        assertThat(b.users(GENERAL)).containsExactly(ANA, BOB);
        assertThat(a.users(RANDOM)).containsExactly(BOB);
    }

    @Test
    void counts_are_per_room_and_by_user() {
        a.add(GENERAL, ANA);
        a.add(GENERAL, ANA);
        b.add(GENERAL, BOB);
        b.add(RANDOM, ANA);

        Map<RoomName, Integer> counts = a.counts(List.of(GENERAL, RANDOM, new RoomName("empty")));

        assertThat(counts).containsEntry(GENERAL, 2).containsEntry(RANDOM, 1);
        assertThat(counts.getOrDefault(new RoomName("empty"), 0)).isZero();
    }

    @Test
    void removing_a_user_who_was_never_added_changes_nothing() {
        a.add(GENERAL, ANA);

        assertThat(b.remove(GENERAL, BOB)).isFalse();
        assertThat(a.users(GENERAL)).containsExactly(ANA);
    }

    @Test
    void nobody_has_departed_while_every_node_is_alive() {
        a.add(GENERAL, ANA);
        b.add(GENERAL, BOB);

        assertThat(a.departed(List.of(GENERAL, RANDOM))).isEmpty();
        assertThat(b.departed(List.of(GENERAL))).isEmpty();
    }

    @Test
    void every_node_reads_the_figures_every_node_reported() {
        a.reportNode("node-a", new NodeFigures(3, 2, 40));
        b.reportNode("node-b", new NodeFigures(5, 4, 7));
        a.reportNode("node-a", new NodeFigures(4, 2, 41));

        assertThat(b.nodes()).containsEntry("node-a", new NodeFigures(4, 2, 41));
        assertThat(a.nodes()).containsEntry("node-b", new NodeFigures(5, 4, 7));
    }
}
