package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Grant;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.domain.WebhookId;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.Webhooks;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.WebhookStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A room's webhooks: see {@link Webhooks}. Sending an outgoing webhook's messages is {@link WebhookDispatcher}'s. */
final class WebhookService implements Webhooks {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

    private final WebhookStore store;
    private final AccountStore accounts;
    private final MemberStore members;
    private final RoomAccess access;
    private final MessageService messages;
    private final WebhookDispatcher dispatcher;
    private final WebhookTargets targets;
    private final IdGenerator ids;
    private final Clock clock;
    private final ToLongFunction<RoomName> latestPosition;
    private final boolean callsOut;

    WebhookService(
            WebhookStore store,
            AccountStore accounts,
            MemberStore members,
            RoomAccess access,
            MessageService messages,
            WebhookDispatcher dispatcher,
            WebhookTargets targets,
            IdGenerator ids,
            Clock clock,
            ToLongFunction<RoomName> latestPosition,
            boolean callsOut) {
        this.store = store;
        this.accounts = accounts;
        this.members = members;
        this.access = access;
        this.messages = messages;
        this.dispatcher = dispatcher;
        this.targets = targets;
        this.ids = ids;
        this.clock = clock;
        this.latestPosition = latestPosition;
        this.callsOut = callsOut;
    }

    @Override
    public Created create(Principal who, RoomName room, Request request) {
        RoomName name = owned(who, room);
        if (request.kind() == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "A webhook is 'incoming' or 'outgoing'.");
        }
        Username bot = Username.of(request.name());
        if (bot.isGuestName()) {
            throw new ChatException(ErrorCode.INVALID_USERNAME, "Names starting with 'guest-' are kept for guests.");
        }
        boolean outgoing = request.kind() == Webhook.Kind.OUTGOING;
        if (outgoing && !callsOut) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "This server does not send outgoing webhooks.");
        }
        URI url = outgoing ? targets.check(request.url()) : null;
        String trigger = outgoing ? Webhook.trigger(request.trigger()) : null;
        if (store.listOf(name).size() >= MOST_PER_ROOM) {
            throw new ChatException(
                    ErrorCode.TOO_MANY_WEBHOOKS, "A room may have " + MOST_PER_ROOM + " webhooks: delete one first.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as the stores keep it
        if (!accounts.create(new Account(bot, Account.BOT, now))) {
            throw AccountService.nameTaken(bot);
        }
        members.add(access.newMember(name, bot));
        String secret = (outgoing ? "whsec_" : "") + ids.sessionToken();
        String id = AccountService.hashToken("webhook:" + secret).substring(0, 12);
        Webhook webhook = new Webhook(
                id,
                name,
                request.kind(),
                bot,
                who.user(),
                now,
                outgoing ? null : AccountService.hashToken(secret),
                outgoing ? secret : null,
                url,
                trigger,
                outgoing ? latestPosition.applyAsLong(name) : 0);
        store.save(webhook);
        access.audit(
                who, "create-webhook", name + "/" + id + ":" + request.kind().wire() + ":" + bot);
        if (outgoing) {
            dispatcher.added(webhook);
        }
        return new Created(webhook, secret);
    }

    @Override
    public List<Webhook> list(Principal who, RoomName room) {
        RoomName name = owned(who, room);
        return store.listOf(name).stream()
                .sorted(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id))
                .toList();
    }

    @Override
    public void delete(Principal who, RoomName room, WebhookId id) {
        RoomName name = owned(who, room);
        Webhook gone = store.delete(name, id.value()).orElseThrow(() -> noSuchWebhook(id));
        dispatcher.removed(gone);
        access.audit(who, "delete-webhook", name + "/" + id);
    }

    @Override
    public List<WebhookAttempt> log(Principal who, RoomName room, WebhookId id) {
        RoomName name = owned(who, room);
        Webhook webhook =
                store.find(id.value()).filter(w -> w.room().equals(name)).orElseThrow(() -> noSuchWebhook(id));
        return store.log(webhook.id());
    }

    @Override
    public Received receive(WebhookId id, String secret, MessageText text, String username, String idempotencyKey) {
        Webhook webhook = store.find(id.value())
                .filter(w -> w.kind() == Webhook.Kind.INCOMING)
                .filter(w -> secret != null && sameHash(w.secretHash(), AccountService.hashToken(secret)))
                .orElseThrow(() -> noSuchWebhook(id));
        String via = username == null ? null : Message.checkVia(username.strip());
        ClientId clientId = idempotencyKey == null
                ? new ClientId("hook-" + ids.sessionToken().substring(0, 32))
                : new ClientId("hook-"
                        + AccountService.hashToken("key:" + key(idempotencyKey)).substring(0, 40));
        requireInGoodStanding(webhook);
        Messages.Posted posted = messages.postVia(principalOf(webhook), webhook.room(), text, clientId, via);
        return new Received(posted.message().room(), posted.message().id(), posted.duplicate());
    }

    /** Posts a receiver's answer to a message as the webhook's bot, once per message however often it is sent. */
    void answer(Webhook webhook, Message answered, String text) {
        requireInGoodStanding(webhook);
        ClientId clientId = new ClientId("reply-" + webhook.id() + "-" + answered.id());
        messages.post(principalOf(webhook), webhook.room(), MessageText.of(text), clientId, answered.id());
    }

    /** Who a webhook's bot is when it posts: a token-like principal limited to the webhook's room. */
    static Principal principalOf(Webhook webhook) {
        return new Principal(
                webhook.bot(),
                false,
                false,
                "webhook:" + webhook.id(),
                new Grant("webhook:" + webhook.id(), Set.of(webhook.room()), true, null));
    }

    private void requireInGoodStanding(Webhook webhook) {
        if (accounts.find(webhook.bot()).filter(a -> !a.banned()).isEmpty()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "This webhook's bot is banned.");
        }
    }

    /** The room, if the caller owns it (or is an admin): {@code no_such_room}, {@code forbidden}. */
    private RoomName owned(Principal who, RoomName room) {
        Room found = access.visible(who, room);
        access.require(who, found.name(), Role.OWNER);
        return found.name();
    }

    private static String key(String raw) {
        if (raw.isEmpty() || raw.length() > 64 || !raw.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "An Idempotency-Key is 1 to 64 visible ASCII characters.");
        }
        return raw;
    }

    private static boolean sameHash(String stored, String given) {
        return MessageDigest.isEqual(
                stored.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    static ChatException noSuchWebhook(WebhookId id) {
        return new ChatException(ErrorCode.NO_SUCH_WEBHOOK, "There is no webhook " + id + ".");
    }
}
