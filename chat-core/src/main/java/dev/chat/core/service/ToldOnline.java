package dev.chat.core.service;

import dev.chat.core.domain.Username;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a room's members on this node were told is online, so that each change is told once, and after the fan-out
 * may have lost presence events the differences from the truth can be told. Unknown until the hub first learns
 * it. Not thread-safe: its hub uses it under its lock.
 */
final class ToldOnline {

    /** One change to tell the members. */
    record Change(Username user, boolean online) {}

    private Set<Username> told;

    /** Takes {@code users} as what was told, unless something was told already. */
    void startFrom(Collection<Username> users) {
        if (told == null) {
            told = new HashSet<>(users);
        }
    }

    /** What to tell now that {@code users} are known to be online: nothing the first time (they are the start). */
    List<Change> reconcile(Collection<Username> users) {
        if (told == null) {
            startFrom(users);
            return List.of();
        }
        return differences(users);
    }

    boolean known() {
        return told != null;
    }

    /** Records the change; false when the members were told so already. */
    boolean change(Username user, boolean online) {
        return told == null || (online ? told.add(user) : told.remove(user));
    }

    /** What was told, by name. */
    List<Username> sorted() {
        return told == null ? List.of() : told.stream().sorted().toList();
    }

    /** The changes that make what was told into {@code truth}: who left, then who came. Records nothing. */
    List<Change> differences(Collection<Username> truth) {
        Set<Username> now = new HashSet<>(truth);
        List<Change> changes = new ArrayList<>();
        for (Username gone : told) {
            if (!now.contains(gone)) {
                changes.add(new Change(gone, false));
            }
        }
        for (Username came : now) {
            if (!told.contains(came)) {
                changes.add(new Change(came, true));
            }
        }
        return changes;
    }
}
