package dev.chat.core.memory;

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
}
