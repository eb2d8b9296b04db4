package dev.chat.adapters.dynamodb;

import dev.chat.testsupport.Dynalite;
import java.net.URI;
import java.time.Duration;

/** Stores on the tests' DynamoDB server, each set under tables of its own. */
public final class TestStores {

    private TestStores() {}

    /** Settings for the shared test server with a fresh table prefix and table creation on. */
    public static DynamoSettings freshSettings() {
        return settings(Dynalite.shared(), Dynalite.uniquePrefix());
    }

    public static DynamoSettings settings(URI endpoint, String prefix) {
        return DynamoSettings.defaults()
                .withEndpoint(endpoint)
                .withTablePrefix(prefix)
                .withCreateTables(true)
                .withSessionIdle(Duration.ofHours(1));
    }

    /** New, empty tables on the shared test server. */
    public static DynamoStores fresh() {
        return DynamoStores.open(freshSettings());
    }

    /** Another node's view of the same tables: its own client and its own caches. */
    public static DynamoStores anotherNode(DynamoSettings settings) {
        return DynamoStores.open(settings);
    }
}
