package io.deskbridge.admin;

import io.deskbridge.model.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens the admin API accepts, each with a name (for the audit log) and a role: admin may
 * do everything, commenter may read and comment on tickets (the seed's users without a Desk licence),
 * viewer may only read. Tokens are compared in constant time and never logged.
 */
public final class AdminTokens {

    /** What a call does to the systems, which decides the roles that may make it. */
    public enum Access {
        READ,
        COMMENT,
        CHANGE
    }

    public enum Role {
        ADMIN(EnumSet.allOf(Access.class)),
        COMMENTER(EnumSet.of(Access.READ, Access.COMMENT)),
        VIEWER(EnumSet.of(Access.READ));

        private final Set<Access> allowed;

        Role(Set<Access> allowed) {
            this.allowed = allowed;
        }

        public boolean may(Access access) {
            return allowed.contains(access);
        }

        /** The role as it is configured: {@code admin}, {@code commenter}, {@code viewer}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The role configured under {@code key}; fails naming the key and the roles allowed. */
        public static Role of(String key, String value) {
            for (Role r : values()) {
                if (r.key().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
            throw new ConfigurationException(key + " = '" + value + "' must be one of "
                    + Arrays.stream(values()).map(Role::key).toList());
        }
    }

    public record Caller(String name, Role role) {}

    /**
     * The shortest token accepted: long enough that guessing is hopeless (a generated one has 43 characters);
     * short passwords such as "samesame" are refused rather than warned about.
     */
    public static final int MIN_LENGTH = 24;

    private record Token(String name, String key, Role role, byte[] secret) {}

    private final List<Token> tokens = new ArrayList<>();

    /**
     * Adds the token set by {@code key}. Refused: an empty or short one, and one equal to a token already added,
     * since a viewer holding the admin's token would be an admin.
     */
    public AdminTokens add(String name, String key, Role role, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new ConfigurationException(key + " is empty");
        }
        if (secret.length() < MIN_LENGTH) {
            throw new ConfigurationException(
                    key + " is " + secret.length() + " characters long; a token needs at least " + MIN_LENGTH
                            + " (use a long random value, e.g. from: openssl rand -base64 32)");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Token t : tokens) {
            if (t.name().equals(name)) {
                throw new ConfigurationException(
                        "two admin tokens are named '" + name + "' (" + t.key() + ", " + key + ")");
            }
            if (MessageDigest.isEqual(t.secret(), bytes)) {
                throw new ConfigurationException(
                        key + " has the same value as " + t.key() + "; every token must be different");
            }
        }
        tokens.add(new Token(name, key, role, bytes));
        return this;
    }

    /** The caller whose token this Authorization header carries; every token is compared, so timing tells nothing. */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Token t : tokens) {
            if (MessageDigest.isEqual(t.secret(), presented) && found == null) {
                found = new Caller(t.name(), t.role());
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return tokens.size();
    }
}
