package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Mention;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.service.ChatCore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One call opens every store on one file, and what they were told is there after a restart. */
class SqliteStoresTest {

    @TempDir
    Path dir;

    private ChatCore core(SqliteStores stores) {
        return ChatCore.builder()
                .stores(stores)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
    }

    @Test
    void a_core_on_one_file_finds_its_accounts_rooms_and_messages_after_a_restart() {
        Path file = dir.resolve("chat.db");
        try (SqliteStores stores = SqliteStores.open(file);
                ChatCore chat = core(stores)) {
            assertThat(stores.isReady()).isTrue();
            chat.accounts().register(Username.of("ana"), new Password("ana-password"));
            var ana = chat.accounts().login("ana", "ana-password").principal();
            chat.rooms().create(ana, RoomName.of("random"), Topic.of("Anything"));
            chat.messages().post(ana, RoomName.of("random"), MessageText.of("still here?"), new ClientId("a1"));
        }

        try (SqliteStores stores = SqliteStores.open(file);
                ChatCore chat = core(stores)) {
            var ana = chat.accounts().login("ana", "ana-password").principal();
            assertThat(chat.messages()
                            .history(ana, RoomName.of("random"), null, new PageSize(10))
                            .messages())
                    .extracting(m -> m.text().value())
                    .containsExactly("still here?");
            assertThat(stores.file()).isEqualTo(file.toAbsolutePath());
        }
    }

    @Test
    void the_member_store_keeps_its_members_in_the_same_file() {
        Path file = dir.resolve("chat.db");
        Member ana = new Member(
                RoomName.of("random"), Username.of("ana"), Role.OWNER, Instant.parse("2030-01-02T03:04:05Z"));
        try (SqliteStores stores = SqliteStores.open(file)) {
            assertThat(stores.members().add(ana)).isTrue();
        }

        try (SqliteStores stores = SqliteStores.open(file)) {
            assertThat(stores.members().roomsOf(Username.of("ana"), null, 10)).containsExactly(ana);
        }
    }

    @Test
    void read_markers_and_mentions_are_kept_in_the_same_file() {
        Path file = dir.resolve("chat.db");
        RoomName random = RoomName.of("random");
        Username ana = Username.of("ana");
        Instant at = Instant.parse("2030-01-02T03:04:05Z");
        Mention mention = new Mention(ana, random, 2, Username.of("bob"), at);
        try (SqliteStores stores = SqliteStores.open(file)) {
            stores.members().add(new Member(random, ana, Role.OWNER, at));
            assertThat(stores.members().markRead(random, ana, 2)).isTrue();
            stores.mentions().add(mention);
        }

        try (SqliteStores stores = SqliteStores.open(file)) {
            assertThat(stores.members().find(random, ana).map(Member::readUpTo)).contains(2L);
            assertThat(stores.mentions().recent(ana, 10)).containsExactly(mention);
        }
    }
}
