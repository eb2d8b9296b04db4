package dev.chat.core.domain;

/**
 * How many items a page of a listing holds: 1 to {@value #MOST}. What a client asks for is clamped here, the one
 * place that decides what a page may hold; an adapter turns a client's number into one with {@link #of(Long,
 * PageSize)}.
 */
public record PageSize(int value) {

    /** The most any page holds. */
    public static final int MOST = 100;

    public PageSize {
        value = Math.max(1, Math.min(MOST, value));
    }

    /** The page a client asked for: {@code byDefault} when it gave no number, else its number clamped to 1…{@value #MOST}. */
    public static PageSize of(Long requested, PageSize byDefault) {
        if (requested == null) {
            return byDefault;
        }
        return new PageSize((int) Math.max(0, Math.min(MOST, requested)));
    }
}
