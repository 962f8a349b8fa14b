package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated Zoho Accounts token endpoint ({@code POST /sandbox/accounts/oauth/v2/token}, refresh_token grant).
 * Access tokens live in memory only (a restart invalidates them, clients simply refresh) and are valid for both the
 * CRM and the Desk simulators. Errors are answered with HTTP 200 and an {@code error} key, as Zoho does.
 */
public final class OAuthSimulator {

    private static final String AUTH_PREFIX = "zoho-oauthtoken ";

    private final SandboxSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>(); // token -> expiry epoch millis
    private final Map<String, String> clients =
            new ConcurrentHashMap<>(); // token -> client id, kept after a revocation
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Duration ttl;

    OAuthSimulator(SandboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.ttl = settings.tokenTtl() == null ? Duration.ofHours(1) : settings.tokenTtl();
    }

    /** Invalidate every access token issued so far. */
    public void revokeAll() {
        tokens.clear();
    }

    /** Number of access tokens issued since start. */
    public int tokensIssued() {
        return issued.get();
    }

    /** Lifetime of tokens issued from now on. */
    public void setTokenTtl(Duration ttl) {
        this.ttl = ttl == null || ttl.isNegative() ? Duration.ZERO : ttl;
    }

    /** Issue an access token directly (tests, demos); same as a successful refresh grant. */
    public String issueToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = "1000." + HexFormat.of().formatHex(b);
        long now = clock.millis();
        if (tokens.size() > 10_000) {
            Iterator<Map.Entry<String, Long>> it = tokens.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Long> e = it.next();
                if (e.getValue() <= now) {
                    it.remove();
                    clients.remove(e.getKey());
                }
            }
        }
        if (clients.size() > 20_000) { // revoked tokens leave their client behind
            clients.keySet().retainAll(tokens.keySet());
        }
        tokens.put(token, now + ttl.toMillis());
        clients.put(token, settings.clientId());
        issued.incrementAndGet();
        return token;
    }

    /** The OAuth client an Authorization header's token was issued to, or null; the request log records it. */
    String clientOf(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.strip().regionMatches(true, 0, AUTH_PREFIX, 0, AUTH_PREFIX.length())) {
            return null;
        }
        return clients.get(
                authorizationHeader.strip().substring(AUTH_PREFIX.length()).strip());
    }

    /** True when the Authorization header value carries a live token ({@code Zoho-oauthtoken <token>}). */
    boolean authorized(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String h = authorizationHeader.strip();
        if (h.length() <= AUTH_PREFIX.length() || !h.regionMatches(true, 0, AUTH_PREFIX, 0, AUTH_PREFIX.length())) {
            return false;
        }
        Long exp = tokens.get(h.substring(AUTH_PREFIX.length()).strip());
        return exp != null && clock.millis() < exp;
    }

    SandboxResponse handle(SandboxRequest req) {
        if (!(req.segments().size() == 3
                && req.segments().get(0).equals("oauth")
                && req.segments().get(1).equals("v2")
                && req.segments().get(2).equals("token"))) {
            return SandboxResponse.of(
                    404,
                    Json.obj().put("error", "invalid_request").put("error_description", "unknown path " + req.path()));
        }
        if (!req.method().equals("POST")) {
            return SandboxResponse.of(
                    405, Json.obj().put("error", "invalid_request").put("error_description", "use POST"));
        }
        String grant = param(req, "grant_type");
        if (!"refresh_token".equals(grant)) {
            return error("unsupported_grant_type");
        }
        if (!settings.clientId().equals(param(req, "client_id"))
                || !settings.clientSecret().equals(param(req, "client_secret"))) {
            return error("invalid_client");
        }
        if (!settings.refreshToken().equals(param(req, "refresh_token"))) {
            return error("invalid_code");
        }
        String token = issueToken();
        ObjectNode ok = Json.obj()
                .put("access_token", token)
                .put("api_domain", req.baseUrl() + "/sandbox/zoho")
                .put("token_type", "Bearer")
                .put("expires_in", ttl.toSeconds());
        return SandboxResponse.of(200, ok);
    }

    private static String param(SandboxRequest req, String name) {
        String v = req.param(name);
        return v != null ? v : req.form().get(name);
    }

    private static SandboxResponse error(String code) {
        return SandboxResponse.of(200, Json.obj().put("error", code));
    }
}
