package dev.chat.testkit;

import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.out.Fanout;
import java.time.Duration;

class LocalFanoutTest extends FanoutContract {

    /** Both nodes share one in-process bus. */
    private final LocalFanout bus = new LocalFanout();

    @Override
    protected Fanout node(int i) {
        return bus;
    }

    @Override
    protected int subscriptionRaces() {
        return 20_000;
    }

    @Override
    protected Duration quietPeriod() {
        // Delivery happens on the publishing thread, so anything late would already be here.
        return Duration.ofMillis(20);
    }
}
