package dev.chat.adapters.netty;

import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Members;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.Reads;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.in.Tokens;
import dev.chat.core.port.in.Webhooks;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** The core's use cases as the server needs them, and the readiness check behind {@code /readyz}. */
public record ChatApi(
        Accounts accounts,
        Rooms rooms,
        Members members,
        Messages messages,
        Reads reads,
        Live live,
        Admin admin,
        Tokens tokens,
        Webhooks webhooks,
        BooleanSupplier ready) {

    public ChatApi {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(ready, "ready");
    }
}
