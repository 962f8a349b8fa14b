package io.deskbridge.admin;

import io.deskbridge.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the admin API accepts, each with a name (for the audit log) and a role: admin may
 * do everything, viewer may only read. Tokens are compared in constant time and never logged.
 */
public final class AdminTokens {

    public enum Role { ADMIN, VIEWER }

    public record Caller(String name, Role role) {}

    private record Token(String name, Role role, byte[] secret) {}

    private final List<Token> tokens = new ArrayList<>();

    public AdminTokens add(String name, Role role, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new ConfigurationException("the admin token '" + name + "' is empty");
        }
        for (Token t : tokens) {
            if (t.name().equals(name)) {
                throw new ConfigurationException("two admin tokens are named '" + name + "'");
            }
        }
        tokens.add(new Token(name, role, secret.getBytes(StandardCharsets.UTF_8)));
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
