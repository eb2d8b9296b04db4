package dev.chat.core.memory;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Accounts in a map; lost when the process ends. */
public final class InMemoryAccountStore implements AccountStore {

    private final ConcurrentMap<Username, Entry> accounts = new ConcurrentHashMap<>();

    /** An account with what the store keeps beside it. */
    private record Entry(Account account, String resetHash, Instant resetExpires, int roomsCreated) {

        Entry(Account account) {
            this(account, null, null, 0);
        }

        Entry with(Account changed) {
            return new Entry(changed, resetHash, resetExpires, roomsCreated);
        }
    }

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.username(), new Entry(account)) == null;
    }

    @Override
    public Optional<Account> find(Username username) {
        return Optional.ofNullable(accounts.get(username)).map(Entry::account);
    }

    @Override
    public List<Account> list() {
        return accounts.values().stream()
                .map(Entry::account)
                .sorted(Comparator.comparing(Account::username))
                .toList();
    }

    @Override
    public boolean setBanned(Username username, boolean banned) {
        return accounts.computeIfPresent(
                        username, (name, e) -> e.with(e.account().withBanned(banned)))
                != null;
    }

    @Override
    public boolean setByOperator(Username username) {
        return accounts.computeIfPresent(
                        username, (name, e) -> e.with(e.account().withByOperator(true)))
                != null;
    }

    @Override
    public boolean setPasswordHash(Username username, String passwordHash) {
        return accounts.computeIfPresent(
                        username,
                        (name, e) ->
                                new Entry(e.account().withPasswordHash(passwordHash), null, null, e.roomsCreated()))
                != null;
    }

    @Override
    public boolean setPasswordReset(Username username, String tokenHash, Instant expiresAt) {
        return accounts.computeIfPresent(
                        username, (name, e) -> new Entry(e.account(), tokenHash, expiresAt, e.roomsCreated()))
                != null;
    }

    @Override
    public boolean resetPassword(Username username, String tokenHash, Instant now, String passwordHash) {
        boolean[] done = {false};
        accounts.computeIfPresent(username, (name, e) -> {
            if (e.resetHash() == null || !e.resetHash().equals(tokenHash) || !now.isBefore(e.resetExpires())) {
                return e;
            }
            done[0] = true;
            return new Entry(e.account().withPasswordHash(passwordHash), null, null, e.roomsCreated());
        });
        return done[0];
    }

    @Override
    public boolean addRoomCreated(Username username, int max) {
        boolean[] added = {false};
        accounts.computeIfPresent(username, (name, e) -> {
            if (e.roomsCreated() >= max) {
                return e;
            }
            added[0] = true;
            return new Entry(e.account(), e.resetHash(), e.resetExpires(), e.roomsCreated() + 1);
        });
        return added[0];
    }

    @Override
    public void removeRoomCreated(Username username) {
        accounts.computeIfPresent(
                username,
                (name, e) ->
                        new Entry(e.account(), e.resetHash(), e.resetExpires(), Math.max(0, e.roomsCreated() - 1)));
    }
}
