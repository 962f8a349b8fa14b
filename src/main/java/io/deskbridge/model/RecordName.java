package io.deskbridge.model;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A name as a match key (accounts are matched by name when they are not linked yet): Unicode NFKC,
 * trimmed, inner white space collapsed, lower-cased, so "株式会社サンプル " and "株式会社サンプル" match.
 */
public record RecordName(String raw, String value) implements MatchKey {

    public static RecordName of(String raw) {
        if (raw == null || raw.isBlank()) {
            return new RecordName(null, null);
        }
        String v = Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .strip()
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
        return new RecordName(raw, v);
    }

    @Override
    public String problemCode() {
        return value == null ? "NO_NAME" : null;
    }

    @Override
    public String problem() {
        return value == null ? "has no name" : null;
    }
}
