package io.deskbridge.model;

/** Texts shortened to a limit a receiver sets (a CRM field's length, the Signals API's subject), never refused. */
public final class TextLimit {

    /** What ends a text shortened to a limit, so a reader sees there was more. */
    public static final String ELLIPSIS = "\u2026";

    private TextLimit() {}

    /**
     * At most {@code max} UTF-16 units, never half a character: within the limit however it is counted (H2 and Java
     * count units, others characters). A text that was shortened ends in an ellipsis.
     */
    public static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }
}
