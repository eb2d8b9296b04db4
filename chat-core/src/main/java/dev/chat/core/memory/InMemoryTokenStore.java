package dev.chat.core.memory;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Access tokens in a map; lost when the process ends. */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void save(AccessToken token) {
        tokens.put(token.tokenHash(), token);
    }

    @Override
    public Optional<AccessToken> find(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public List<AccessToken> listOf(Username owner) {
        return tokens.values().stream().filter(t -> t.owner().equals(owner)).toList();
    }

    @Override
    public Optional<AccessToken> delete(Username owner, String id) {
        for (AccessToken token : tokens.values()) {
            if (token.owner().equals(owner) && token.id().equals(id) && tokens.remove(token.tokenHash(), token)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    @Override
    public void touch(String tokenHash, Instant lastUsed) {
        tokens.computeIfPresent(tokenHash, (k, t) -> t.usedAt(lastUsed));
    }
}
