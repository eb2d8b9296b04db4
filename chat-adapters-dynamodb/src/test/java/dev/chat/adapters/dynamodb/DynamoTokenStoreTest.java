package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.TokenStore;
import dev.chat.testkit.TokenStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamoTokenStoreTest extends TokenStoreContract {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final Username ANA = new Username("ana");

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected TokenStore newStore() {
        return stores.fresh().tokens();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }

    private static AccessToken limited(String id) {
        return new AccessToken(
                id,
                ANA,
                "deploy notices",
                "hash-" + id,
                T0,
                T0.plusSeconds(86_400),
                null,
                Set.of(new RoomName("ops"), new RoomName("general")),
                false);
    }

    @Test
    void recording_a_use_keeps_the_rooms_expiry_and_everything_else_of_the_token() {
        TokenStore tokens = stores.fresh().tokens();
        tokens.save(limited("t1"));

        tokens.touch("hash-t1", T0.plusSeconds(60));

        assertThat(tokens.find("hash-t1")).contains(limited("t1").usedAt(T0.plusSeconds(60)));
    }

    @Test
    void a_token_revoked_on_one_node_stops_working_on_another_at_once() {
        TokenStore first = stores.fresh().tokens();
        TokenStore second = stores.anotherNode().tokens();
        first.save(limited("t1"));
        assertThat(second.find("hash-t1")).isPresent();

        assertThat(first.delete(ANA, "t1")).isPresent();

        assertThat(second.find("hash-t1")).isEmpty();
        assertThat(second.listOf(ANA)).isEmpty();
    }

    @Test
    void of_two_nodes_revoking_one_token_at_once_exactly_one_returns_it() throws Exception {
        TokenStore first = stores.fresh().tokens();
        TokenStore second = stores.anotherNode().tokens();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "t" + round;
                first.save(limited(id));
                List<Callable<Optional<AccessToken>>> revocations =
                        List.of(() -> first.delete(ANA, id), () -> second.delete(ANA, id));
                List<Optional<AccessToken>> answers = new ArrayList<>();
                for (Future<Optional<AccessToken>> answer : pool.invokeAll(revocations)) {
                    answers.add(answer.get());
                }

                assertThat(answers)
                        .as("round %s", round)
                        .filteredOn(Optional::isPresent)
                        .hasSize(1);
                assertThat(first.find("hash-" + id)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_revocation_returns_the_token_as_last_used() {
        TokenStore tokens = stores.fresh().tokens();
        tokens.save(limited("t1"));
        tokens.touch("hash-t1", T0.plusSeconds(60));

        assertThat(tokens.delete(ANA, "t1")).contains(limited("t1").usedAt(T0.plusSeconds(60)));
    }
}
