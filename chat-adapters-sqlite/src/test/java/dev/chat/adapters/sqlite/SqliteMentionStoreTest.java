package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import dev.chat.testkit.MentionStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMentionStoreTest extends MentionStoreContract {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00.000Z");
    private static final RoomName TEAM = new RoomName("team");
    private static final RoomName OPS = new RoomName("ops");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected MentionStore newStore() {
        databases = new Databases(dir);
        return new SqliteMentionStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected MentionStore anotherNode(MentionStore store) {
        return new SqliteMentionStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    /** Ana's mention in message {@code id} of team, at {@code ts}. */
    private static Mention ofAna(long id, Instant ts) {
        return new Mention(ANA, TEAM, id, BOB, ts);
    }

    /** Writes the mentions into the file in one transaction, as a store would have over time, but faster. */
    private void hold(List<Mention> mentions) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                PreparedStatement insert = raw.prepareStatement("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)")) {
            raw.setAutoCommit(false);
            for (Mention m : mentions) {
                insert.setString(1, m.user().value());
                insert.setString(2, m.room().value());
                insert.setLong(3, m.messageId());
                insert.setString(4, m.by().value());
                insert.setLong(5, m.ts().toEpochMilli());
                insert.executeUpdate();
            }
            raw.commit();
        }
    }

    /** {@code count} mentions of ana one minute apart from {@code from}, messages 1 to {@code count}. */
    private static List<Mention> minutely(Instant from, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> ofAna(i + 1, from.plus(Duration.ofMinutes(i))))
                .toList();
    }

    @Test
    void every_mention_of_the_last_90_days_is_kept_however_many() throws SQLException {
        SqliteMentionStore store = new SqliteMentionStore(databases.open());
        List<Mention> recent = minutely(NOW.minus(Duration.ofDays(89)), 600);
        hold(recent);

        store.add(ofAna(1_000, NOW));

        assertThat(store.recent(ANA, 1_000)).hasSize(601).endsWith(recent.get(0));
    }

    @Test
    void older_mentions_beyond_the_newest_500_are_forgotten_a_few_per_add_oldest_first() throws SQLException {
        SqliteMentionStore store = new SqliteMentionStore(databases.open());
        Instant old = NOW.minus(Duration.ofDays(100));
        List<Mention> backlog = minutely(old, 510);
        Mention bobs = new Mention(BOB, TEAM, 1, ANA, old.minus(Duration.ofDays(1)));
        hold(Stream.concat(backlog.stream(), Stream.of(bobs)).toList());

        store.add(ofAna(1_000, old.plus(Duration.ofDays(1))));
        assertThat(store.recent(ANA, 1_000))
                .as("within 90 days of the newest: nothing forgotten")
                .hasSize(511);

        store.add(new Mention(ANA, OPS, 1, BOB, NOW));
        assertThat(store.recent(ANA, 1_000))
                .as("12 are beyond the newest 500 and old: 8 go with this add")
                .hasSize(504)
                .endsWith(backlog.get(8));

        store.add(new Mention(ANA, OPS, 2, BOB, NOW.plusSeconds(1)));
        List<Mention> kept = store.recent(ANA, 1_000);
        assertThat(kept).as("the newest 500, whatever their age").hasSize(MentionStore.KEPT);
        assertThat(kept.get(0)).isEqualTo(new Mention(ANA, OPS, 2, BOB, NOW.plusSeconds(1)));
        assertThat(kept.get(MentionStore.KEPT - 1)).isEqualTo(backlog.get(13));
        assertThat(store.recent(BOB, 10)).as("another user's stay").containsExactly(bobs);
    }
}
