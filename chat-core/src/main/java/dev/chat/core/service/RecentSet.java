package dev.chat.core.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} strings added; older ones are forgotten. */
final class RecentSet {

    private final Map<String, Boolean> entries;

    RecentSet(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(String value) {
        entries.put(value, Boolean.TRUE);
    }

    synchronized boolean contains(String value) {
        return entries.containsKey(value);
    }
}
