package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.Message;
import dev.chat.core.port.out.MessageStore;
import dev.chat.testkit.MessageStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageStoreTest extends MessageStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected MessageStore newStore() {
        databases = new Databases(dir);
        return new SqliteMessageStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected MessageStore anotherNode(MessageStore store) {
        return new SqliteMessageStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    /** The table keeps what a change may alter; a change that alters more would return what no read returns. */
    @Test
    void a_change_that_would_move_the_message_or_rewrite_its_author_is_refused_and_writes_nothing() {
        Message original = fill(GENERAL, 2).get(0);

        assertThatThrownBy(() -> store.change(GENERAL, 1, ChangeKind.EDITED, m -> m.inRoom(RANDOM)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text, edit time and reactions only");
        assertThatThrownBy(() -> store.change(
                        GENERAL,
                        1,
                        ChangeKind.EDITED,
                        m -> new Message(m.room(), m.id(), BOB, m.text(), m.ts(), m.clientId())))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(store.message(GENERAL, 1)).contains(original);
    }
}
