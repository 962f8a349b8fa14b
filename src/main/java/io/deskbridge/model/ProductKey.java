package io.deskbridge.model;

/**
 * A product as a match key: its code when it has one, else its name. Both are normalised as {@link RecordName}
 * (Unicode NFKC, trimmed, inner white space collapsed to one space, lower-cased) and tagged {@code code:} or
 * {@code name:}, so a product code never matches another product's name that happens to read the same.
 */
public record ProductKey(String raw, String value) implements MatchKey {

    private static final ProductKey MISSING = new ProductKey(null, null);

    /** The key of a product with {@code code} and {@code name}: the code, the name when it has no code. */
    public static ProductKey of(String code, String name) {
        ProductKey byCode = code(code);
        return byCode.isValid() ? byCode : name(name);
    }

    public static ProductKey code(String code) {
        return tagged("code:", code);
    }

    public static ProductKey name(String name) {
        return tagged("name:", name);
    }

    private static ProductKey tagged(String tag, String raw) {
        String v = RecordName.of(raw).value();
        return v == null ? MISSING : new ProductKey(raw, tag + v);
    }

    @Override
    public String problemCode() {
        return value == null ? "NO_CODE_OR_NAME" : null;
    }

    @Override
    public String problem() {
        return value == null ? "has neither a product code nor a product name" : null;
    }
}
