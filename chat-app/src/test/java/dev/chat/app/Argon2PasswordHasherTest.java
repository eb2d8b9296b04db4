package dev.chat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Password;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2PasswordHasherTest {

    private static final Password SECRET = new Password("Secret-Pass1");
    private static final Argon2PasswordHasher HASHER = new Argon2PasswordHasher();

    /** One hash shared by the tests: each costs about 0.2 s. */
    private static String secretHash;

    @BeforeAll
    static void hash_once() {
        secretHash = HASHER.hash(SECRET);
    }

    @Test
    void the_right_password_verifies() {
        assertThat(HASHER.verify(new Password("Secret-Pass1"), secretHash)).isTrue();
    }

    @Test
    void a_wrong_password_does_not_verify() {
        assertThat(HASHER.verify(new Password("Secret-Pass2"), secretHash)).isFalse();
    }

    @Test
    void hashes_with_argon2id_at_owasps_minimum_cost() {
        assertThat(secretHash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    /** The cost is a setting: passwords set before a change of it must still sign in after, and the other way. */
    @Test
    void a_hash_is_checked_at_the_cost_it_was_made_with_whatever_the_hasher_is_set_to_now() {
        Argon2PasswordHasher light = new Argon2PasswordHasher(64, 1);
        String lightHash = light.hash(SECRET);

        assertThat(lightHash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(HASHER.verify(SECRET, lightHash)).isTrue();
        assertThat(HASHER.verify(new Password("Secret-Pass2"), lightHash)).isFalse();
        assertThat(light.verify(SECRET, secretHash)).isTrue();
        assertThat(light.verify(new Password("Secret-Pass2"), secretHash)).isFalse();
    }

    /** Hashes the releases so far wrote (with password4j 1.8.4): the accounts they hold must still sign in. */
    @Test
    void hashes_written_by_the_earlier_releases_still_verify() {
        String light = "$argon2id$v=19$m=64,t=1,p=1$JUMBQYcmrzXVkkha8uDYCg$hUo7T3f/ToWiZXrTbjg4ap4pzIAMFkImxRnH7UYDj+4";
        String atTheDefault =
                "$argon2id$v=19$m=19456,t=2,p=1$q5bXxbWbBoqaUwddtDr8vQ$KVm2gbgOrwemjfIUtAKqn00taIQpUGPzWwVfm8lV8BI";

        assertThat(HASHER.verify(new Password("correct horse battery"), light)).isTrue();
        assertThat(HASHER.verify(new Password("correct horse batterY"), light)).isFalse();
        assertThat(HASHER.verify(new Password("p\u00e4ssw\u00f6rd \u00fcn\u00efcode \uD83D\uDC08"), atTheDefault))
                .isTrue();
        assertThat(HASHER.verify(new Password("passwort unicode"), atTheDefault))
                .isFalse();
    }

    /**
     * A hash's memory (19 MiB at the default) is the collector's once the hash is made: a server does not keep a
     * copy of it for each cost it has seen, idle or not.
     */
    @Test
    void a_hasher_keeps_no_memory_once_its_hashes_are_made() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();

        for (int memoryKib : new int[] {19_456, 19_457, 19_458}) {
            Argon2PasswordHasher hasher = new Argon2PasswordHasher(memoryKib, 1);
            assertThat(hasher.verify(SECRET, hasher.hash(SECRET))).isTrue();
        }
        System.gc();
        long kept = memory.getHeapMemoryUsage().getUsed() - before;

        assertThat(kept).as("bytes of heap kept after three hashes of 19 MiB").isLessThan(8L << 20);
    }

    /** OWASP lists five equally strong settings; one of them or above is not warned about, anything less is. */
    @Test
    void below_owasps_minimum_means_below_every_one_of_its_equivalent_settings() {
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(19_456, 2)).isFalse();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(47_104, 1)).isFalse();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(12_288, 3)).isFalse();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(9_216, 4)).isFalse();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(7_168, 5)).isFalse();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(65_536, 3)).isFalse();

        assertThat(Argon2PasswordHasher.belowOwaspMinimum(19_456, 1)).isTrue();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(47_103, 1)).isTrue();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(7_167, 100)).isTrue();
        assertThat(Argon2PasswordHasher.belowOwaspMinimum(64, 1)).isTrue();
    }

    @Test
    void the_hash_does_not_contain_the_password() {
        assertThat(secretHash).doesNotContain("Secret-Pass1");
    }

    @Test
    void two_hashes_of_one_password_differ_because_each_is_salted() {
        String again = HASHER.hash(SECRET);

        assertThat(again).isNotEqualTo(secretHash);
        assertThat(HASHER.verify(SECRET, again)).isTrue();
    }

    @Test
    void passwords_are_case_sensitive() {
        assertThat(HASHER.verify(new Password("secret-pass1"), secretHash)).isFalse();
        assertThat(HASHER.verify(new Password("SECRET-PASS1"), secretHash)).isFalse();
    }

    @Test
    void passwords_are_not_trimmed() {
        assertThat(HASHER.verify(new Password(" Secret-Pass1"), secretHash)).isFalse();
        assertThat(HASHER.verify(new Password("Secret-Pass1 "), secretHash)).isFalse();

        String spaced = HASHER.hash(new Password(" Secret-Pass1"));
        assertThat(HASHER.verify(new Password(" Secret-Pass1"), spaced)).isTrue();
        assertThat(HASHER.verify(SECRET, spaced)).isFalse();
    }

    @Test
    void a_password_beyond_the_basic_multilingual_plane_round_trips() {
        Password emoji = new Password("pässwörd-\uD83D\uDD11-密码");

        assertThat(HASHER.verify(emoji, HASHER.hash(emoji))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "not a hash",
                "$argon2id$",
                "$argon2id$v=19$m=19456,t=2,p=1",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA",
                "$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$???",
                "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "pbkdf2-sha256$600000$c2FsdA$aGFzaA"
            })
    void a_malformed_or_foreign_hash_does_not_verify_and_does_not_throw(String hash) {
        assertThat(HASHER.verify(SECRET, hash)).isFalse();
    }

    @Test
    void a_truncated_hash_does_not_verify() {
        assertThat(HASHER.verify(SECRET, secretHash.substring(0, secretHash.length() - 4)))
                .isFalse();
    }
}
