package dev.chat.cli.term;

import org.jline.utils.AttributedStyle;

/** Gives every username its own colour, the same in every session: a hash of the name picks one of twelve. */
final class Palette {

    private static final int[] COLOURS = {
        AttributedStyle.RED,
        AttributedStyle.GREEN,
        AttributedStyle.YELLOW,
        AttributedStyle.BLUE,
        AttributedStyle.MAGENTA,
        AttributedStyle.CYAN,
        AttributedStyle.RED | AttributedStyle.BRIGHT,
        AttributedStyle.GREEN | AttributedStyle.BRIGHT,
        AttributedStyle.YELLOW | AttributedStyle.BRIGHT,
        AttributedStyle.BLUE | AttributedStyle.BRIGHT,
        AttributedStyle.MAGENTA | AttributedStyle.BRIGHT,
        AttributedStyle.CYAN | AttributedStyle.BRIGHT,
    };

    private Palette() {}

    /** {@link String#hashCode()} is specified by the JLS, so a name's colour never changes between runs. */
    static int colourOf(String user) {
        return COLOURS[Math.floorMod(user.hashCode(), COLOURS.length)];
    }

    static AttributedStyle styleOf(String user, boolean me) {
        AttributedStyle style = AttributedStyle.DEFAULT.foreground(colourOf(user));
        return me ? style.bold() : style;
    }
}
