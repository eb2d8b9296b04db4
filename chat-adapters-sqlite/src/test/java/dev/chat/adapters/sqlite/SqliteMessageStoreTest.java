package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.MessageStore;
import dev.chat.testkit.MessageStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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
}
