package dev.chat.adapters.netty;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.internal.PlatformDependent;

/**
 * Whether the buffers waiting to be sent are close to using up the memory they may have (three quarters of the
 * direct memory limit, which is the heap size unless set otherwise). Read at most every
 * {@value #EVERY_MILLIS} ms, so that asking on every write costs nothing.
 */
final class BufferMemory {

    private static final long EVERY_MILLIS = 100;
    private static final PooledByteBufAllocatorMetric POOL = PooledByteBufAllocator.DEFAULT.metric();
    private static volatile long readAt;
    private static volatile boolean isShort;

    private BufferMemory() {}

    static boolean isShort() {
        long now = System.nanoTime();
        if (now - readAt > EVERY_MILLIS * 1_000_000) {
            readAt = now;
            long used = POOL.usedDirectMemory() + POOL.usedHeapMemory();
            isShort = used > PlatformDependent.maxDirectMemory() / 4 * 3;
        }
        return isShort;
    }
}
