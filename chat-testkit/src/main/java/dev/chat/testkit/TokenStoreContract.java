package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.TokenStore;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TokenStore} must do; an implementation's test extends this and supplies the store. */
public abstract class TokenStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    private TokenStore store;

    /** A new, empty store. */
    protected abstract TokenStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static AccessToken token(String id, Username owner) {
        return new AccessToken(id, owner, "token " + id, "hash-" + id, T0, null, null, Set.of(), true);
    }

    @Test
    void a_saved_token_is_found_by_its_hash_with_everything_it_was_given() {
        AccessToken limited = new AccessToken(
                "t1",
                ANA,
                "deploy notices",
                "hash-t1",
                T0,
                T0.plusSeconds(86_400),
                null,
                Set.of(new RoomName("ops"), new RoomName("general")),
                false);

        store.save(limited);

        assertThat(store.find("hash-t1")).contains(limited);
        assertThat(store.find("hash-t2")).isEmpty();
    }

    @Test
    void a_token_for_every_room_that_never_expires_stays_so() {
        AccessToken open = token("t1", ANA);

        store.save(open);

        assertThat(store.find("hash-t1")).contains(open);
    }

    @Test
    void an_owner_s_tokens_are_listed_and_no_one_else_s() {
        store.save(token("a1", ANA));
        store.save(token("a2", ANA));
        store.save(token("b1", BOB));

        assertThat(store.listOf(ANA)).extracting(AccessToken::id).containsExactlyInAnyOrder("a1", "a2");
        assertThat(store.listOf(BOB)).extracting(AccessToken::id).containsExactly("b1");
        assertThat(store.listOf(new Username("cyd"))).isEmpty();
    }

    @Test
    void a_deleted_token_is_returned_once_and_is_gone() {
        AccessToken a1 = token("a1", ANA);
        store.save(a1);
        store.save(token("a2", ANA));

        assertThat(store.delete(ANA, "a1")).contains(a1);

        assertThat(store.find("hash-a1")).isEmpty();
        assertThat(store.delete(ANA, "a1")).isEmpty();
        assertThat(store.listOf(ANA)).extracting(AccessToken::id).containsExactly("a2");
    }

    @Test
    void no_one_deletes_another_owner_s_token() {
        store.save(token("a1", ANA));

        assertThat(store.delete(BOB, "a1")).isEmpty();

        assertThat(store.find("hash-a1")).isPresent();
    }

    @Test
    void touch_records_the_last_use_and_does_not_bring_a_deleted_token_back() {
        store.save(token("a1", ANA));
        store.save(token("a2", ANA));
        store.delete(ANA, "a2");

        store.touch("hash-a1", T0.plusSeconds(90));
        store.touch("hash-a2", T0.plusSeconds(90));
        store.touch("never-saved", T0.plusSeconds(90));

        assertThat(store.find("hash-a1")).contains(token("a1", ANA).usedAt(T0.plusSeconds(90)));
        assertThat(store.listOf(ANA)).extracting(AccessToken::lastUsed).containsExactly(T0.plusSeconds(90));
        assertThat(store.find("hash-a2")).isEmpty();
        assertThat(store.find("never-saved")).isEmpty();
    }
}
