package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.testsupport.DocBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md shows exactly the adapter test that the consumer build of {@code src/it/embedding-consumer}
 * runs: a separate Maven project that embeds the core on SQLite and tests its own adapter with chat-testkit.
 */
class EmbeddingConsumerTest {

    private static final Path DOC = Path.of("../docs/embedding.md");
    private static final Path EXAMPLE =
            Path.of("src/it/embedding-consumer/src/test/java/com/example/adapter/MyRoomStoreTest.java");

    @Test
    void the_documented_adapter_test_is_the_one_this_module_runs() throws Exception {
        String listing = DocBlocks.block(DOC, "```java testkit") + "\n";

        assertThat(listing).contains("extends RoomStoreContract");
        assertThat(Files.readString(EXAMPLE)).isEqualTo(listing);
    }
}
