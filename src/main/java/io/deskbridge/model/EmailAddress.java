package io.deskbridge.model;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email as a match key: trimmed, Unicode NFKC (so full-width ｊｉｒｏ＠ｅｘａｍｐｌｅ．ｊｐ equals
 * jiro@example.jp) and lower-cased. A value that is not a plausible address keeps the reason why,
 * which is what an admin sees on the excluded record.
 */
public final class EmailAddress implements MatchKey {

    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final EmailAddress MISSING = new EmailAddress(null, null, "NO_EMAIL", "has no email address");

    private final String raw;
    private final String value;
    private final String problemCode;
    private final String problem;

    private EmailAddress(String raw, String value, String problemCode, String problem) {
        this.raw = raw;
        this.value = value;
        this.problemCode = problemCode;
        this.problem = problem;
    }

    public static EmailAddress missing() {
        return MISSING;
    }

    public static EmailAddress of(String raw) {
        if (raw == null || raw.isBlank()) {
            return MISSING;
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        String why = invalidBecause(s);
        return why == null
                ? new EmailAddress(raw, s, null, null)
                : new EmailAddress(
                        raw, null, "INVALID_EMAIL", "'" + raw.strip() + "' is not a valid email address: " + why);
    }

    /** The normalised address, or null when missing or invalid. */
    @Override
    public String value() {
        return value;
    }

    @Override
    public String raw() {
        return raw;
    }

    @Override
    public String problemCode() {
        return problemCode;
    }

    @Override
    public String problem() {
        return problem;
    }

    private static String invalidBecause(String s) {
        if (s.length() > 254) {
            return "longer than 254 characters";
        }
        int at = s.indexOf('@');
        if (at < 0) {
            return "no @";
        }
        if (s.indexOf('@', at + 1) >= 0) {
            return "more than one @";
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "the part before @ is not valid";
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "the domain is not valid";
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return "the domain has no dot";
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "the domain is not valid";
            }
        }
        if (labels[labels.length - 1].length() < 2
                || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "the domain has no valid top-level part";
        }
        return null;
    }

    @Override
    public String toString() {
        return value != null ? value : String.valueOf(raw);
    }
}
