package dev.chat.core.memory;

import java.util.List;
import java.util.Comparator;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Accounts in a map; lost when the process ends. */
public final class InMemoryAccountStore implements AccountStore {

    private final ConcurrentMap<Username, Account> accounts = new ConcurrentHashMap<>();

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.username(), account) == null;
    }

    @Override
    public Optional<Account> find(Username username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public List<Account> list() {
        return accounts.values().stream().sorted(Comparator.comparing(Account::username)).toList();
    }

    @Override
    public boolean setBanned(Username username, boolean banned) {
        return accounts.computeIfPresent(username, (name, account) -> account.withBanned(banned)) != null;
    }
}
