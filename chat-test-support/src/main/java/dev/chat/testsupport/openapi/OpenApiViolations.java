package dev.chat.testsupport.openapi;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which an HTTP exchange did not match the OpenAPI description, wherever the exchange was made:
 * {@link ValidatingHttpClient} throws where the call was made, which a call on a pool thread may not pass on to the
 * test. Registered for a module's tests by JUnit's extension autodetection (this jar's {@code META-INF/services}),
 * which the module's surefire configuration turns on.
 */
public final class OpenApiViolations implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> RECORDED = new ArrayList<>();

    static void record(String message) {
        synchronized (RECORDED) {
            RECORDED.add(message);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = drain();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " HTTP exchange(s) of this test did not match the OpenAPI "
                    + "description; the first:\n" + violations.get(0));
        }
    }

    private static List<String> drain() {
        synchronized (RECORDED) {
            List<String> violations = new ArrayList<>(RECORDED);
            RECORDED.clear();
            return violations;
        }
    }
}
