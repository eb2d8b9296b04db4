package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * What a chaos writer does besides sending, as docs/protocol.md lets a client: on about a fifth of its turns it edits
 * or deletes one of its own acked messages or reacts to any message it shows (adds a reaction, or takes its own back),
 * one change at a time. A change that works has no answer: the writer takes it as done once its own view shows it
 * (the new text, its reaction there or gone, the message gone), and as done too when the message was deleted first
 * ({@code no_such_message}: for a deletion that is what was asked). A change whose connection broke, or that was
 * refused {@code unavailable}, is sent again once its room is joined again and the replay is in: repeats change
 * nothing. Everything tried and done is written down for {@link Ledger}. Driven by its client's thread only.
 */
final class ChaosChanges {

    enum Kind {
        EDIT,
        DELETE,
        REACT,
        UNREACT
    }

    /** One change: {@code text} for an edit, {@code emoji} for a reaction. */
    record Change(String ref, Kind kind, String room, long id, String text, String emoji) {

        Object[] frame() {
            return switch (kind) {
                case EDIT -> new Object[] {"type", "edit", "room", room, "id", id, "text", text};
                case DELETE -> new Object[] {"type", "delete", "room", room, "id", id};
                case REACT -> new Object[] {"type", "react", "room", room, "id", id, "emoji", emoji};
                case UNREACT -> new Object[] {"type", "react", "room", room, "id", id, "emoji", emoji, "remove", true};
            };
        }

        @Override
        public String toString() {
            return ref + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + room + "/" + id
                    + (emoji == null ? "" : " " + emoji);
        }
    }

    /** Of a writer's turns, the share in percent that is a change rather than a new message. */
    static final int SHARE_PERCENT = 20;

    private static final List<String> EMOJI = List.of("👍", "🎉", "😂", "🙏");
    /** Changes go to the newest messages shown, as people's do, so that one message often gets several. */
    private static final int RECENT = 20;

    private static final long RETRY_MS = 1_000;

    private final String user;
    private final Random random;
    private final IntSupplier textLength;

    private Change pending;
    /** When to send {@link #pending} (nanoTime); 0 = sent on the current connection, to be seen or refused. */
    private long dueAt;

    private int attempts;
    /** Per room: changes sent on this connection that may still be refused (one that works is silent). */
    private final Map<String, Integer> answerable = new HashMap<>();

    private final List<String> story = new ArrayList<>();
    private volatile boolean busy;
    private int made;

    // For the ledger, read once the client has stopped.
    private final Map<String, Map<Long, List<String>>> editTexts = new HashMap<>();
    private final Map<String, Set<Long>> deletesTried = new HashMap<>();
    private final Map<Kind, Integer> done = new EnumMap<>(Kind.class);
    private int gone;
    private int resends;
    private int cutInFlight;
    private int strays;

    ChaosChanges(String user, Random random, IntSupplier textLength) {
        this.user = user;
        this.random = random;
        this.textLength = textLength;
    }

    /** True while a change is neither seen done nor refused for good. */
    boolean busy() {
        return busy;
    }

    /**
     * Takes this turn for a change (and true) on about {@value #SHARE_PERCENT} % of turns when no change is under way
     * and the chosen room shows something to change; false when the turn is a new message's.
     */
    boolean start(Map<String, ProtocolView> views, List<String> rooms, long now, Predicate<String> acked) {
        if (pending != null || random.nextInt(100) >= SHARE_PERCENT) {
            return false;
        }
        String room = rooms.get(random.nextInt(rooms.size()));
        ProtocolView view = views.get(room);
        List<Long> ids = view.ids();
        List<Long> recent = ids.subList(Math.max(0, ids.size() - RECENT), ids.size());
        int roll = random.nextInt(5);
        String ref = user + "-c" + (++made);
        Change change;
        if (roll == 2 || roll == 3) {
            // One reaction in three takes one of this writer's own back, when it shows any.
            List<Long> reactedTo = recent.stream()
                    .filter(id -> EMOJI.stream().anyMatch(e -> reacted(view.shown(id), e)))
                    .toList();
            List<Long> from = reactedTo.isEmpty() || random.nextInt(3) > 0 ? recent : reactedTo;
            if (from.isEmpty()) {
                return false;
            }
            long id = from.get(random.nextInt(from.size()));
            List<String> mine =
                    EMOJI.stream().filter(e -> reacted(view.shown(id), e)).toList();
            String emoji =
                    from == reactedTo ? mine.get(random.nextInt(mine.size())) : EMOJI.get(random.nextInt(EMOJI.size()));
            Kind kind = reacted(view.shown(id), emoji) ? Kind.UNREACT : Kind.REACT;
            change = new Change(ref, kind, room, id, null, emoji);
        } else {
            List<Long> own =
                    recent.stream().filter(id -> own(view.shown(id), acked)).toList();
            if (own.isEmpty()) {
                return false;
            }
            long id = own.get(random.nextInt(own.size()));
            change = roll == 4
                    ? new Change(ref, Kind.DELETE, room, id, null, null)
                    : new Change(ref, Kind.EDIT, room, id, editText(view.shown(id)), null);
        }
        tried(change);
        pending = change;
        dueAt = now;
        attempts = 0;
        story.clear();
        busy = true;
        return true;
    }

    /** The room of the change waiting to be sent, once it is due; null if none is. */
    String dueRoom(long now) {
        return pending != null && dueAt != 0 && dueAt <= now ? pending.room() : null;
    }

    /**
     * The frame to send for the change that is due, its room being joined and its replay in; null when the view
     * shows that it needs no sending any more (an earlier attempt worked, or the message was deleted).
     */
    Object[] nextFrame(ProtocolView view, int connection) {
        if (settledBy(view)) {
            return null;
        }
        dueAt = 0;
        if (++attempts > 1) {
            resends++;
        }
        answerable.merge(pending.room(), 1, Integer::sum);
        note("sent@" + connection);
        return pending.frame();
    }

    /** A message or change frame of the room was applied to the view: the change may show in it now. */
    void seen(String room, JsonNode frame, ProtocolView view) {
        if (pending != null
                && pending.room().equals(room)
                && frame.path("id").asLong() == pending.id()
                && settledBy(view)) {
            note("seen in " + frame.path("type").asText() + "@"
                    + frame.path("seq").asLong());
        }
    }

    /** The room's view was loaded again from the history (after a gap). */
    void reloaded(String room, ProtocolView view) {
        if (pending != null && pending.room().equals(room)) {
            settledBy(view);
        }
    }

    /**
     * An error without {@code ref} about the room: true when it answers a change this client sent on this
     * connection ({@code unavailable} is tried again later; {@code no_such_message} ends it), false when no change
     * of this client can have caused it.
     */
    boolean refused(String room, JsonNode error, long now) {
        String code = error.path("code").asText();
        boolean mine = pending != null && dueAt == 0 && pending.room().equals(room);
        boolean namesIt = mine && error.path("message").asText().contains("message " + pending.id() + " ");
        if (mine && code.equals("no_such_message") && namesIt) {
            answered(room);
            note("no_such_message");
            finish(pending.kind() == Kind.DELETE);
            return true;
        }
        if (mine && (code.equals("unavailable") || code.equals("rate_limited"))) {
            answered(room);
            note(code);
            dueAt = now + error.path("retryAfterMs").asLong(RETRY_MS) * 1_000_000L;
            return true;
        }
        if (answerable.getOrDefault(room, 0) > 0 && (code.equals("unavailable") || code.equals("no_such_message"))) {
            // The late answer to an attempt whose change an earlier attempt had made (a deletion repeated), or to
            // an attempt sent again since.
            answered(room);
            strays++;
            return true;
        }
        return false;
    }

    /** The connection broke: a change sent on it has an unknown outcome and is sent again on the next. */
    void disconnected(long now) {
        if (pending != null && dueAt == 0) {
            cutInFlight++;
            note("cut");
            dueAt = now;
        }
        answerable.clear();
    }

    /**
     * The room is joined again on this connection: a change sent to it goes again after the replay, since an error
     * about the room now answers the join.
     */
    void rejoining(String room, long now) {
        if (pending != null && dueAt == 0 && pending.room().equals(room)) {
            note("rejoined");
            dueAt = now;
        }
    }

    /**
     * Edits the newest own acked message the view shows, over HTTP (whose answer says it is stored), as the last
     * thing said in the room; its new {@code seq}, or 0 when the view shows no such message.
     */
    long finalEdit(Api api, String token, String room, ProtocolView view, Predicate<String> acked) {
        List<Long> ids = view.ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            JsonNode state = view.shown(ids.get(i));
            if (!own(state, acked)) {
                continue;
            }
            Change edit = new Change(user + "-final", Kind.EDIT, room, ids.get(i), editText(state), null);
            tried(edit);
            String body =
                    WsClient.JSON.createObjectNode().put("text", edit.text()).toString();
            for (int attempt = 1; ; attempt++) {
                try {
                    Api.Response answer =
                            api.request("PATCH", "/api/rooms/" + room + "/messages/" + edit.id(), body, token);
                    if (answer.status() == 200) {
                        done.merge(Kind.EDIT, 1, Integer::sum);
                        return answer.body().get("seq").asLong();
                    }
                    if (attempt == 5) {
                        throw new IllegalStateException(
                                "the final edit " + edit + " answered " + answer.status() + " " + answer.body());
                    }
                } catch (IllegalStateException unreachable) {
                    if (attempt == 5) {
                        throw unreachable;
                    }
                }
                LockSupport.parkNanos(500_000_000L);
            }
        }
        return 0;
    }

    /** The change under way and what became of its attempts, or null when there is none. */
    String unfinished() {
        return pending == null ? null : pending + ": " + story;
    }

    /** Changes made (seen done), by kind. */
    Map<Kind, Integer> done() {
        return Collections.unmodifiableMap(done);
    }

    int doneCount() {
        return done.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Changes given up because their message was deleted first (reactions and edits only). */
    int gone() {
        return gone;
    }

    int resends() {
        return resends;
    }

    int cutInFlight() {
        return cutInFlight;
    }

    /** Late answers to attempts that were not needed any more. */
    int strays() {
        return strays;
    }

    /** Every text an edit of message {@code id} of the room was tried with, in order. */
    List<String> editTexts(String room, long id) {
        return editTexts.getOrDefault(room, Map.of()).getOrDefault(id, List.of());
    }

    /** True if this client tried to delete the message (whether or not it saw the deletion done). */
    boolean deleteTried(String room, long id) {
        return deletesTried.getOrDefault(room, Set.of()).contains(id);
    }

    /** True (and the change finished) when the view shows the change made or its message deleted. */
    private boolean settledBy(ProtocolView view) {
        JsonNode state = view.shown(pending.id());
        boolean shown = switch (pending.kind()) {
            case DELETE -> state == null;
            case EDIT ->
                state != null && pending.text().equals(state.path("text").asText());
            case REACT -> state != null && reacted(state, pending.emoji());
            case UNREACT -> state != null && !reacted(state, pending.emoji());
        };
        if (shown) {
            finish(true);
        } else if (state == null) {
            finish(false);
        }
        return shown || state == null;
    }

    private void finish(boolean made) {
        if (made) {
            done.merge(pending.kind(), 1, Integer::sum);
        } else {
            gone++;
        }
        pending = null;
        busy = false;
    }

    private void answered(String room) {
        answerable.computeIfPresent(room, (r, n) -> n > 1 ? n - 1 : null);
    }

    private void tried(Change change) {
        if (change.kind() == Kind.EDIT) {
            editTexts
                    .computeIfAbsent(change.room(), r -> new HashMap<>())
                    .computeIfAbsent(change.id(), id -> new ArrayList<>())
                    .add(change.text());
        } else if (change.kind() == Kind.DELETE) {
            deletesTried.computeIfAbsent(change.room(), r -> new HashSet<>()).add(change.id());
        }
    }

    private boolean own(JsonNode state, Predicate<String> acked) {
        return state != null
                && user.equals(state.path("user").asText())
                && acked.test(state.path("clientId").asText());
    }

    private String editText(JsonNode state) {
        String prefix = state.path("clientId").asText() + " edit " + made + "-" + random.nextInt(1_000_000) + " ";
        StringBuilder text = new StringBuilder(prefix);
        for (int i = Math.max(1, textLength.getAsInt() - prefix.length()); i > 0; i--) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static boolean reacted(JsonNode state, String emoji) {
        if (state == null) {
            return false;
        }
        for (JsonNode reaction : state.path("reactions")) {
            if (emoji.equals(reaction.path("emoji").asText())
                    && reaction.path("me").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private void note(String what) {
        if (story.size() < 20) {
            story.add(what);
        }
    }
}
