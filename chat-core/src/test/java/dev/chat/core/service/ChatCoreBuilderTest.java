package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.memory.InMemoryMemberStore;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.StoreSet;
import org.junit.jupiter.api.Test;

/** A core keeps its data where it was told, and one told nothing about a store refuses to start. */
class ChatCoreBuilderTest {

    @Test
    void a_core_with_a_store_left_out_refuses_to_build_and_names_what_is_missing() {
        assertThatThrownBy(() -> ChatCore.builder()
                        .accountStore(new InMemoryAccountStore())
                        .roomStore(new InMemoryRoomStore())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "No sessionStore, tokenStore, webhookStore, memberStore, messageStore, mentionStore given")
                .hasMessageContaining("ChatCore.inMemory()");
    }

    @Test
    void the_stores_of_one_set_and_its_readiness_are_the_cores() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        boolean[] ready = {true};
        StoreSet set = new StoreSet() {
            private final AccountStore accounts = new InMemoryAccountStore();
            private final SessionStore sessions = new InMemorySessionStore();
            private final RoomStore rooms = new InMemoryRoomStore();
            private final MemberStore members = new InMemoryMemberStore();

            @Override
            public AccountStore accounts() {
                return accounts;
            }

            @Override
            public SessionStore sessions() {
                return sessions;
            }

            @Override
            public dev.chat.core.port.out.TokenStore tokens() {
                return new dev.chat.core.memory.InMemoryTokenStore();
            }

            @Override
            public dev.chat.core.port.out.WebhookStore webhooks() {
                return new dev.chat.core.memory.InMemoryWebhookStore();
            }

            @Override
            public RoomStore rooms() {
                return rooms;
            }

            @Override
            public MemberStore members() {
                return members;
            }

            @Override
            public MessageStore messages() {
                return messages;
            }

            @Override
            public dev.chat.core.port.out.MentionStore mentions() {
                return new dev.chat.core.memory.InMemoryMentionStore();
            }

            @Override
            public boolean isReady() {
                return ready[0];
            }
        };
        try (ChatCore core = ChatCore.builder()
                .stores(set)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build()) {
            core.accounts().register(Username.of("ana"), new Password("ana-password"));
            var ana = core.accounts().login("ana", "ana-password").principal();
            core.messages().post(ana, RoomName.of("general"), MessageText.of("kept in the set"), new ClientId("a1"));

            assertThat(set.accounts().find(ana.user())).isPresent();
            assertThat(messages.latestPosition(new RoomName("general"))).isEqualTo(1);
            assertThat(core.isReady()).isTrue();
            ready[0] = false;
            assertThat(core.isReady()).isFalse();
        }
    }
}
