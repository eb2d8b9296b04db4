package dev.chat.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;

/**
 * Puts and deletes many items of one table with {@code BatchWriteItem}, 25 to a request (DynamoDB's
 * maximum), and reads many with {@code BatchGetItem}, 100 to a request, sending again whatever DynamoDB leaves
 * unprocessed (it does so when throttled) after a growing pause. A batch is not atomic: each item is written or
 * not on its own. Every write here is idempotent (an unconditional put or delete), so sending one twice is
 * harmless.
 */
final class Batches<T> {

    static final int MAX_PER_REQUEST = 25;
    static final int MAX_READS_PER_REQUEST = 100;
    /** Rounds of unprocessed items before giving up: with the pauses below, about 10 s of throttling. */
    private static final int MAX_ROUNDS = 12;

    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long MAX_PAUSE_MILLIS = 2_000;

    private final DynamoDbEnhancedClient client;
    private final DynamoDbTable<T> table;
    private final Class<T> type;

    Batches(DynamoDbEnhancedClient client, DynamoDbTable<T> table, Class<T> type) {
        this.client = client;
        this.table = table;
        this.type = type;
    }

    /** Writes {@code puts} and deletes {@code deletes}, in requests of up to 25 writes. */
    void write(List<T> puts, List<Key> deletes) {
        List<T> putsLeft = new ArrayList<>(puts);
        List<Key> deletesLeft = new ArrayList<>(deletes);
        while (!putsLeft.isEmpty() || !deletesLeft.isEmpty()) {
            List<T> putsNow = take(putsLeft, MAX_PER_REQUEST);
            List<Key> deletesNow = take(deletesLeft, MAX_PER_REQUEST - putsNow.size());
            writeUntilProcessed(putsNow, deletesNow);
        }
    }

    /** The items under {@code keys} that exist, read strongly consistently, in no particular order. */
    List<T> read(List<Key> keys) {
        List<T> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_READS_PER_REQUEST) {
            ReadBatch.Builder<T> batch = ReadBatch.builder(type).mappedTableResource(table);
            keys.subList(from, Math.min(keys.size(), from + MAX_READS_PER_REQUEST))
                    .forEach(key -> batch.addGetItem(GetItemEnhancedRequest.builder()
                            .key(key)
                            .consistentRead(true)
                            .build()));
            long pause = FIRST_PAUSE_MILLIS;
            int round = 1;
            // The SDK asks again for the keys a page leaves unprocessed; the pause comes before it does.
            for (BatchGetResultPage page : client.batchGetItem(BatchGetItemEnhancedRequest.builder()
                    .readBatches(batch.build())
                    .build())) {
                found.addAll(page.resultsForTable(table));
                List<Key> unprocessed = page.unprocessedKeysForTable(table);
                if (!unprocessed.isEmpty()) {
                    if (round++ == MAX_ROUNDS) {
                        throw new IllegalStateException("DynamoDB left " + unprocessed.size() + " reads of "
                                + table.tableName() + " unprocessed " + MAX_ROUNDS + " times in a row; gave up");
                    }
                    sleep(pause);
                    pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                }
            }
        }
        return found;
    }

    private void writeUntilProcessed(List<T> puts, List<Key> deletes) {
        long pause = FIRST_PAUSE_MILLIS;
        for (int round = 1; ; round++) {
            WriteBatch.Builder<T> batch = WriteBatch.builder(type).mappedTableResource(table);
            puts.forEach(batch::addPutItem);
            deletes.forEach(batch::addDeleteItem);
            BatchWriteResult result = client.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                    .addWriteBatch(batch.build())
                    .build());
            puts = result.unprocessedPutItemsForTable(table);
            deletes = result.unprocessedDeleteItemsForTable(table);
            if (puts.isEmpty() && deletes.isEmpty()) {
                return;
            }
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException("DynamoDB left " + (puts.size() + deletes.size()) + " writes to "
                        + table.tableName() + " unprocessed " + MAX_ROUNDS + " times in a row; gave up");
            }
            sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    private static <E> List<E> take(List<E> from, int count) {
        List<E> head = from.subList(0, Math.min(count, from.size()));
        List<E> taken = new ArrayList<>(head);
        head.clear();
        return taken;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying unprocessed batch requests", e);
        }
    }
}
