package dev.chat.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** The stores one contract test opens on fresh tables, and on the same tables as another node; closes them all. */
final class OpenedStores implements AutoCloseable {

    private final List<DynamoStores> opened = new ArrayList<>();
    private DynamoSettings settings;

    /** Stores on new, empty tables. */
    DynamoStores fresh() {
        settings = TestStores.freshSettings();
        return keep(DynamoStores.open(settings));
    }

    /** Another client on the tables of the last {@link #fresh()}, as a second node of the deployment holds. */
    DynamoStores anotherNode() {
        return keep(TestStores.anotherNode(settings));
    }

    private DynamoStores keep(DynamoStores stores) {
        opened.add(stores);
        return stores;
    }

    @Override
    public void close() {
        opened.forEach(DynamoStores::close);
        opened.clear();
    }
}
