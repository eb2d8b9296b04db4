package dev.chat.cli.bench;

/**
 * When each send is due, in {@link System#nanoTime()} terms: sender {@code g} sends its message
 * {@code k} at {@code start + (g / senders + k) × period}, so the senders' sends interleave evenly instead
 * of arriving in bursts. Sends due before {@code windowStart} are the warm-up; sending stops at
 * {@code windowEnd}.
 */
record Timeline(long start, long windowStart, long windowEnd, double periodNanos, int senders) {

    long due(int sender, long k) {
        return start + (long) ((k + (double) sender / senders) * periodNanos);
    }
}
