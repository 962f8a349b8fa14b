package io.deskbridge.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 of a list of values, in hex (64 characters): a ticket's content, a record's statistics, a signal's
 * identity. Values are separated by a character that does not occur in them, and null differs from "null" and "".
 */
final class Fingerprint {

    private static final char SEPARATOR = '\u001f';
    private static final char NULL = '\u0000';

    private Fingerprint() {}

    static String of(Object... values) {
        StringBuilder canonical = new StringBuilder();
        for (Object v : values) {
            canonical.append(v == null ? String.valueOf(NULL) : v.toString()).append(SEPARATOR);
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
