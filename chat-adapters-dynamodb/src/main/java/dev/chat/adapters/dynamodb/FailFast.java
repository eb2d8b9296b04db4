package dev.chat.adapters.dynamodb;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * While DynamoDB cannot be reached, calls fail at once instead of each waiting out its retries and
 * timeout: otherwise every worker thread would sit on a dead connection and the whole server (sign-ins,
 * other rooms, {@code /readyz}) would stop answering. After a call fails to reach DynamoDB, the calls of the
 * next {@value #OPEN_MILLIS} ms fail immediately; then calls go through again, and the first that succeeds
 * closes the breaker. Answers from DynamoDB itself, errors included (a failed condition, throttling the SDK
 * could not retry away), never open it. One line is logged each way.
 */
final class FailFast implements ExecutionInterceptor {

    private static final Logger log = LoggerFactory.getLogger(FailFast.class);
    static final long OPEN_MILLIS = 1_000;
    /** Marks a call this breaker refused, so its own refusal does not count as DynamoDB failing again. */
    private static final ExecutionAttribute<Boolean> REFUSED = new ExecutionAttribute<>("chat.failFast.refused");

    private final String where;
    private volatile long openUntil;
    private volatile boolean open;

    FailFast(String where) {
        this.where = where;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (open && System.nanoTime() - openUntil < 0) {
            attributes.putAttribute(REFUSED, Boolean.TRUE);
            throw SdkClientException.create("DynamoDB at " + where + " did not answer a moment ago; not trying again "
                    + "for up to " + OPEN_MILLIS + " ms");
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (open) {
            open = false;
            log.info("DynamoDB at {} answers again", where);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (failure instanceof SdkServiceException) {
            afterExecution(null, attributes);
            return;
        }
        if (failure instanceof SdkClientException && attributes.getAttribute(REFUSED) == null) {
            openUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OPEN_MILLIS);
            if (!open) {
                open = true;
                log.warn(
                        "DynamoDB at {} cannot be reached ({}); failing store calls fast until it answers",
                        where,
                        failure.getMessage().lines().findFirst().orElse(""));
            }
        }
    }
}
