package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.RoomStore;
import dev.chat.testkit.RoomStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteRoomStoreTest extends RoomStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected RoomStore newStore() {
        databases = new Databases(dir);
        return new SqliteRoomStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected RoomStore anotherNode(RoomStore store) {
        return new SqliteRoomStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }
}
