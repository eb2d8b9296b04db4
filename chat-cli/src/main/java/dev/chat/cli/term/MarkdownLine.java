package dev.chat.cli.term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The inline Markdown of one line of a neutralised message text: code spans, links, bare addresses (left as typed)
 * and emphasis, appended to a builder with their styles. Every scan moves forward, and emphasis nests at most
 * {@link #MAX_DEPTH} deep (deeper markers stay literal), so a line renders in linear time.
 */
final class MarkdownLine {

    /** How many emphasis markers may be open at once. */
    static final int MAX_DEPTH = 3;

    private static final int BOLD = 0;
    private static final int ITALIC = 1;
    private static final int STRIKE = 2;
    /** Characters that end a link's address (besides whitespace); only {@code )} ends it well. */
    private static final String NOT_IN_URL = "()[]<>`";

    private final String s;
    private final boolean styled;
    private final AttributedStringBuilder out;

    MarkdownLine(String neutralised, boolean styled, AttributedStringBuilder out) {
        this.s = neutralised;
        this.styled = styled;
        this.out = out;
    }

    /** One piece of a line: literal text, a code span, a link, or a run of emphasis markers. */
    private static final class Token {
        enum Kind {
            TEXT,
            CODE,
            LINK,
            DELIMITER
        }

        final Kind kind;
        final int start;
        final int end;
        /** Code: where the content starts; link: where the text ends (the {@code ]}). */
        int a;
        /** Code: where the content ends; link: where the address starts. */
        int b;

        boolean canOpen;
        boolean canClose;
        /** Markers of the run used to open emphasis, from its right end; how many of each kind. */
        int opened;

        final int[] opens = new int[3];
        /** Markers of the run used to close emphasis, from its left end; how many of each kind. */
        int closed;

        final int[] closes = new int[3];

        Token(Kind kind, int start, int end) {
            this.kind = kind;
            this.start = start;
            this.end = end;
        }

        char marker(String s) {
            return s.charAt(start);
        }

        int unused() {
            return end - start - opened - closed;
        }
    }

    /** Appends the line {@code [from, to)} of the text, in {@code base} style and what its markers add. */
    void render(int from, int to, AttributedStyle base) {
        List<Token> tokens = tokens(from, to);
        match(tokens);
        emit(tokens, base);
    }

    private List<Token> tokens(int from, int to) {
        List<Token> tokens = new ArrayList<>();
        Map<Integer, ArrayDeque<Integer>> tickRuns = tickRuns(from, to);
        int text = from;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            Token t = null;
            int next = i + 1;
            if (c == '`') {
                next = run(s, i, to);
                t = code(i, next, tickRuns);
            } else if (c == '[') {
                t = link(i, to);
            } else if (c == 'h' && (i == from || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                next = bareUrl(i, to);
            } else if (c == '*' || c == '_' || (c == '~' && styled)) {
                next = run(s, i, to);
                t = delimiter(i, next, from, to);
            }
            if (t == null) {
                i = next;
                continue;
            }
            if (text < t.start) {
                tokens.add(new Token(Token.Kind.TEXT, text, t.start));
            }
            tokens.add(t);
            i = t.end;
            text = i;
        }
        if (text < to) {
            tokens.add(new Token(Token.Kind.TEXT, text, to));
        }
        return tokens;
    }

    /** Where the run of the character at {@code i} ends. */
    static int run(String s, int i, int to) {
        int j = i;
        while (j < to && s.charAt(j) == s.charAt(i)) {
            j++;
        }
        return j;
    }

    /** Where each run of backticks starts, by its length, in order: the places a code span may close. */
    private Map<Integer, ArrayDeque<Integer>> tickRuns(int from, int to) {
        Map<Integer, ArrayDeque<Integer>> runs = new HashMap<>();
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '`') {
                int end = run(s, i, to);
                runs.computeIfAbsent(end - i, n -> new ArrayDeque<>()).add(i);
                i = end - 1;
            }
        }
        return runs;
    }

    /** A code span from a run of backticks to the next run as long, or null. */
    private Token code(int i, int runEnd, Map<Integer, ArrayDeque<Integer>> tickRuns) {
        ArrayDeque<Integer> same = tickRuns.get(runEnd - i);
        while (same != null && !same.isEmpty() && same.peek() <= i) {
            same.poll(); // this run, or one passed over inside an earlier code span or link
        }
        if (same == null || same.isEmpty()) {
            return null;
        }
        int j = same.poll();
        Token t = new Token(Token.Kind.CODE, i, j + runEnd - i);
        t.a = runEnd;
        t.b = j;
        return t;
    }

    /** {@code [text](url)} with text free of brackets and an address free of spaces, or null. */
    private Token link(int i, int to) {
        int j = i + 1;
        while (j < to && s.charAt(j) != ']' && s.charAt(j) != '[') {
            j++;
        }
        if (j == i + 1 || j + 1 >= to || s.charAt(j) != ']' || s.charAt(j + 1) != '(') {
            return null;
        }
        int k = j + 2;
        while (k < to && NOT_IN_URL.indexOf(s.charAt(k)) < 0 && !Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        if (k == j + 2 || k >= to || s.charAt(k) != ')') {
            return null;
        }
        Token t = new Token(Token.Kind.LINK, i, k + 1);
        t.a = j;
        t.b = j + 2;
        return t;
    }

    /** Where a bare {@code http(s)://} address ends (it stays as typed), or {@code i + 1} if there is none. */
    private int bareUrl(int i, int to) {
        if (!s.startsWith("http://", i) && !s.startsWith("https://", i)) {
            return i + 1;
        }
        int j = i;
        while (j < to && !Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        while (j > i && "*_~".indexOf(s.charAt(j - 1)) >= 0) {
            j--; // emphasis around the address closes after it
        }
        return j;
    }

    /**
     * A run of {@code *} or {@code _} (one to three) or {@code ~~} that may open or close emphasis, or null. Runs
     * touching a letter or digit on their outer side do not count, so {@code snake_case} and {@code 2*3*4} stay.
     */
    private Token delimiter(int i, int runEnd, int from, int to) {
        int length = runEnd - i;
        if (s.charAt(i) == '~' ? length != 2 : length > 3) {
            return null;
        }
        char before = i > from ? s.charAt(i - 1) : ' ';
        char after = runEnd < to ? s.charAt(runEnd) : ' ';
        Token t = new Token(Token.Kind.DELIMITER, i, runEnd);
        t.canOpen = !Character.isWhitespace(after) && !Character.isLetterOrDigit(before);
        t.canClose = !Character.isWhitespace(before) && !Character.isLetterOrDigit(after);
        return t.canOpen || t.canClose ? t : null;
    }

    /**
     * Pairs closing runs with open ones of the same marker, innermost first. Runs opened inside a pair and not closed
     * within it stay literal; so do runs that would open deeper than {@link #MAX_DEPTH}, and the next closing run of
     * each such marker, so that it does not close an outer one.
     */
    private void match(List<Token> tokens) {
        Token[] open = new Token[MAX_DEPTH];
        int depth = 0;
        int[] tooDeep = new int[3];
        for (Token t : tokens) {
            if (t.kind != Token.Kind.DELIMITER) {
                continue;
            }
            int m = "*_~".indexOf(t.marker(s));
            if (t.canClose && tooDeep[m] > 0) {
                tooDeep[m]--;
                continue;
            }
            if (t.canClose) {
                int k = below(open, depth, t.marker(s));
                while (k >= 0 && t.unused() > 0) {
                    Token o = open[k];
                    depth = k + 1;
                    Arrays.fill(tooDeep, 0);
                    int n = Math.min(2, Math.min(o.unused(), t.unused()));
                    int kind = m == 2 ? STRIKE : n == 2 ? BOLD : ITALIC;
                    o.opened += n;
                    o.opens[kind]++;
                    t.closed += n;
                    t.closes[kind]++;
                    if (o.unused() == 0) {
                        depth = k;
                        k = below(open, depth, t.marker(s));
                    }
                }
            }
            if (t.closed == 0 && t.canOpen) {
                if (depth < MAX_DEPTH) {
                    open[depth++] = t;
                } else {
                    tooDeep[m]++;
                }
            }
        }
    }

    /** The highest open run with this marker, or -1. */
    private int below(Token[] open, int depth, char marker) {
        int k = depth - 1;
        while (k >= 0 && open[k].marker(s) != marker) {
            k--;
        }
        return k;
    }

    private void emit(List<Token> tokens, AttributedStyle base) {
        int[] on = new int[3];
        for (Token t : tokens) {
            AttributedStyle style = style(base, on);
            switch (t.kind) {
                case TEXT -> out.style(style).append(s, t.start, t.end);
                case CODE -> {
                    if (styled) {
                        out.style(style.foreground(Markdown.CODE_COLOUR)).append(s, t.a, t.b);
                    } else {
                        out.style(style).append(s, t.start, t.end);
                    }
                }
                case LINK -> {
                    render(t.start + 1, t.a, style);
                    out.style(style).append(" <");
                    out.style(styled ? style.underline() : style).append(s, t.b, t.end - 1);
                    out.style(style).append(">");
                }
                case DELIMITER -> {
                    for (int k = 0; k < on.length; k++) {
                        on[k] -= t.closes[k];
                    }
                    out.style(style(base, on)).append(s, t.start + t.closed, t.end - t.opened);
                    for (int k = 0; k < on.length; k++) {
                        on[k] += t.opens[k];
                    }
                }
            }
        }
        out.style(AttributedStyle.DEFAULT);
    }

    private AttributedStyle style(AttributedStyle base, int[] on) {
        if (!styled) {
            return AttributedStyle.DEFAULT;
        }
        AttributedStyle style = base;
        if (on[BOLD] > 0) {
            style = style.bold();
        }
        if (on[ITALIC] > 0) {
            style = style.italic();
        }
        if (on[STRIKE] > 0) {
            style = style.crossedOut();
        }
        return style;
    }
}
