package io.deskbridge.sync.chats;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A chat visitor's name as a Sell lead's first and last name. Sell needs a last name (or an organisation) on a lead, so
 * a single word is the last name. A name written in Japanese (or Chinese or Korean) script is read family name first,
 * as it is written there ("山田 太郎": last 山田, first 太郎, also with the full-width space); any other name family name
 * last ("Jane Roe"), unless it is written "Roe, Jane". A name in such script without a space ("山田太郎") cannot be split
 * safely and is kept whole as the last name. No name at all: the email stands in, so the lead is recognisable.
 *
 * @param first null when the name has one part
 */
public record VisitorName(String first, String last) {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern FAMILY_NAME_FIRST_SCRIPT =
            Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");

    public static VisitorName of(String name, String email) {
        String n = name == null
                ? ""
                : SPACES.matcher(
                                Normalizer.normalize(name, Normalizer.Form.NFKC).strip())
                        .replaceAll(" ");
        if (n.isEmpty()) {
            return new VisitorName(null, email);
        }
        int comma = n.indexOf(',');
        if (comma > 0 && comma < n.length() - 1) {
            return new VisitorName(
                    blankToNull(n.substring(comma + 1)), n.substring(0, comma).strip());
        }
        int space = n.indexOf(' ');
        if (space < 0) {
            return new VisitorName(null, n);
        }
        if (FAMILY_NAME_FIRST_SCRIPT.matcher(n).find()) {
            return new VisitorName(n.substring(space + 1), n.substring(0, space));
        }
        int last = n.lastIndexOf(' ');
        return new VisitorName(n.substring(0, last), n.substring(last + 1));
    }

    private static String blankToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
