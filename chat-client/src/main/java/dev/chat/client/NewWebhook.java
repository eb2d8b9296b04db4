package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook just made, with what the server shows this once: its {@code secret} (an outgoing webhook's signing key;
 * for an incoming one, the last part of its URL) and, for an incoming webhook, {@code hookUrl}, the path programs
 * post to ({@code /api/hooks/{id}/{secret}}; null for an outgoing one).
 */
public record NewWebhook(Webhook webhook, String secret, String hookUrl) {

    /** Reads the server's answer to making a webhook. */
    public static NewWebhook from(JsonNode node) {
        return new NewWebhook(
                Webhook.from(node),
                Webhook.optionalText(node.path("secret")),
                Webhook.optionalText(node.path("hookUrl")));
    }

    /** The full URL to post to on {@code server} (as {@link ChatApi#server()} names it), or null for outgoing. */
    public String hookUrl(String server) {
        return hookUrl == null ? null : server + hookUrl;
    }

    @Override
    public String toString() {
        return "NewWebhook[" + webhook + "]";
    }
}
