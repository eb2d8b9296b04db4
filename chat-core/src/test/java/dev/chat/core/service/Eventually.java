package dev.chat.core.service;

import java.time.Duration;

/** Retries an assertion until it holds or the time is up, for effects that happen on another thread. */
final class Eventually {

    private Eventually() {}

    static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
