package dev.chat.core.port.out;

/**
 * The eight stores a chat keeps its data in, from one place (one SQLite file, one DynamoDB account), and whether
 * they answer: what {@code ChatCore.Builder.stores} takes in one call.
 */
public interface StoreSet extends Readiness {

    AccountStore accounts();

    SessionStore sessions();

    TokenStore tokens();

    WebhookStore webhooks();

    RoomStore rooms();

    MemberStore members();

    MessageStore messages();

    MentionStore mentions();
}
