package dev.chat.core.service;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.port.out.PresenceStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the presence store what this node carries, so any node can show the whole deployment's figures. */
final class NodeReporter {

    private static final Logger log = LoggerFactory.getLogger(NodeReporter.class);

    private final String node;
    private final PresenceStore presence;
    private final LiveService live;
    private final MessageService messages;
    private final QuietLog failures = new QuietLog(Duration.ofMinutes(1));

    NodeReporter(String node, PresenceStore presence, LiveService live, MessageService messages) {
        this.node = node;
        this.presence = presence;
        this.live = live;
        this.messages = messages;
    }

    String node() {
        return node;
    }

    NodeFigures current() {
        SessionConnections.Load load = live.load();
        return new NodeFigures(load.connections(), load.usersInRooms(), messages.storedLastMinute());
    }

    /** Reports the figures as they are now; a failure is logged (rarely) and the next report tries again. */
    void report() {
        try {
            presence.reportNode(node, current());
        } catch (RuntimeException e) {
            failures.warn(log, "Could not report this node's figures", e);
        }
    }
}
