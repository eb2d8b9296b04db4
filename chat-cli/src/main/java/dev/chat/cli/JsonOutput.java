package dev.chat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.client.Message;

/**
 * {@code --json} output: one document per line, with every control character escaped — Jackson escapes
 * C0 controls itself; this also escapes DEL, the C1 controls and the bidirectional overrides, so JSON
 * printed on a terminal cannot drive it either.
 */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new Escapes());
    }

    private JsonOutput() {}

    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The protocol's message object, for {@code --json} output. */
    public static ObjectNode message(Message m) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("room", m.room())
                .put("id", m.id())
                .put("user", m.user())
                .put("text", m.text())
                .put("ts", m.ts().toString());
        if (m.clientId() != null) {
            node.put("clientId", m.clientId());
        }
        return node;
    }

    private static final class Escapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch <= 0x9f) || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
