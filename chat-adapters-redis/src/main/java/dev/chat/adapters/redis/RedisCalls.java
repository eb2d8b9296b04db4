package dev.chat.adapters.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RFuture;

/**
 * Waits for a Redis command with a deadline. Redisson's blocking calls wait on their future without one,
 * trusting the command's own timeout to end it; a command stuck in a reconnection can then hold its caller
 * (and any lock the caller holds) for ever. Every call the adapter waits on goes through here instead.
 */
final class RedisCalls {

    private RedisCalls() {}

    /** The command's result, or a {@link RedisCallFailed} once {@code deadline} has passed or it failed. */
    static <T> T await(RFuture<T> call, Duration deadline) {
        try {
            return call.toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(false);
            throw new RedisCallFailed("interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new RedisCallFailed("no answer from Redis within " + deadline.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new RedisCallFailed(cause.toString(), cause);
        }
    }

    /** A Redis command that failed or did not answer in time. */
    static final class RedisCallFailed extends RuntimeException {
        RedisCallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
