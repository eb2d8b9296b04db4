package dev.chat.adapters.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the tables. Region and credentials come from the AWS SDK's default chain (an ECS task role
 * just works); with an {@code endpoint} (a local DynamoDB-compatible server) the region defaults to
 * {@code us-east-1} and, when the environment names no credentials, dummy ones are used.
 *
 * @param tablePrefix   prepended to every table name: {@code chat-} gives {@code chat-messages}
 * @param endpoint      a DynamoDB-compatible server to use instead of AWS
 * @param createTables  create missing tables at start (local and test use; CloudFormation owns them in AWS)
 * @param sessionIdle   how long an unused session lives: sets the TTL attribute DynamoDB purges by
 * @param callTimeout   the longest one store call may take, retries included, before it fails
 */
public record DynamoSettings(
        String tablePrefix, Optional<URI> endpoint, boolean createTables, Duration sessionIdle, Duration callTimeout) {

    public DynamoSettings {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (!tablePrefix.matches("[A-Za-z0-9_.-]*") || tablePrefix.length() > 200) {
            throw new IllegalArgumentException(
                    "A table prefix is at most 200 of A-Z a-z 0-9 _ . -: '" + tablePrefix + "'");
        }
    }

    /** AWS with the default chain, tables {@code chat-*} that must exist, sessions idle for 30 days. */
    public static DynamoSettings defaults() {
        return new DynamoSettings("chat-", Optional.empty(), false, Duration.ofDays(30), Duration.ofSeconds(5));
    }

    public DynamoSettings withTablePrefix(String prefix) {
        return new DynamoSettings(prefix, endpoint, createTables, sessionIdle, callTimeout);
    }

    public DynamoSettings withEndpoint(URI uri) {
        return new DynamoSettings(tablePrefix, Optional.ofNullable(uri), createTables, sessionIdle, callTimeout);
    }

    public DynamoSettings withCreateTables(boolean create) {
        return new DynamoSettings(tablePrefix, endpoint, create, sessionIdle, callTimeout);
    }

    public DynamoSettings withSessionIdle(Duration idle) {
        return new DynamoSettings(tablePrefix, endpoint, createTables, idle, callTimeout);
    }

    public DynamoSettings withCallTimeout(Duration timeout) {
        return new DynamoSettings(tablePrefix, endpoint, createTables, sessionIdle, timeout);
    }
}
