package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

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
        String markdown = Files.readString(DOC);
        String open = "```java testkit\n";
        int start = markdown.indexOf(open);
        assertThat(start).as("a block opening with %s", open.strip()).isNotNegative();
        int end = markdown.indexOf("\n```", start + open.length());
        String listing = markdown.substring(start + open.length(), end + 1);

        assertThat(listing).contains("extends RoomStoreContract");
        assertThat(Files.readString(EXAMPLE)).isEqualTo(listing);
    }
}
