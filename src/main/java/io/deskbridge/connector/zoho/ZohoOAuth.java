package io.deskbridge.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens from a Zoho accounts server by the refresh-token grant, cached until shortly before
 * they expire. Zoho answers a refused grant with HTTP 200 and an {@code error} field, so success is
 * judged by the presence of {@code access_token}, never by the status alone. Tokens are never logged.
 */
public final class ZohoOAuth implements ApiCaller.Auth {

    /** Refresh this long before expiry so a token does not run out in the middle of a page. */
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final String system;
    private final ApiCaller tokenCaller;
    private final URI tokenUri;
    private final String form;
    private final Clock clock;
    private final ObjectMapper json;

    private String token;
    private Instant expiresAt = Instant.MIN;
    private int refreshes;

    public ZohoOAuth(
            String system,
            ApiCaller tokenCaller,
            URI accountsUrl,
            String clientId,
            String clientSecret,
            String refreshToken,
            Clock clock,
            ObjectMapper json) {
        this.system = system;
        this.tokenCaller = tokenCaller;
        this.tokenUri = URI.create(stripSlash(accountsUrl.toString()) + "/oauth/v2/token");
        this.form = "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&refresh_token=" + enc(refreshToken);
        this.clock = clock;
        this.json = json;
    }

    @Override
    public synchronized String header() {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(EARLY))) {
            refresh();
        }
        return "Zoho-oauthtoken " + token;
    }

    @Override
    public synchronized void rejected(String header) {
        if (token != null && header.equals("Zoho-oauthtoken " + token)) {
            token = null;
        }
    }

    /** How many tokens this source has obtained; a figure for the status and for tests. */
    public synchronized int refreshes() {
        return refreshes;
    }

    private void refresh() {
        ApiResponse r = tokenCaller.call(ApiCaller.Request.form(tokenUri, form));
        JsonNode body = parse(r);
        JsonNode access = body.path("access_token");
        if (r.status() != 200 || !access.isTextual() || access.asText().isEmpty()) {
            String error =
                    body.path("error").asText(body.path("error_description").asText("HTTP " + r.status()));
            throw ApiException.of(
                    system,
                    r.status(),
                    "OAUTH",
                    "the accounts server refused the refresh token grant (" + error
                            + "); check the client id, client secret and refresh token");
        }
        token = access.asText();
        long ttl = body.path("expires_in").asLong(3600);
        expiresAt = clock.instant().plusSeconds(ttl);
        refreshes++;
    }

    private JsonNode parse(ApiResponse r) {
        if (!r.hasBody()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(r.body());
        } catch (Exception e) {
            throw ApiException.of(
                    system,
                    r.status(),
                    "OAUTH",
                    "the accounts server answered HTTP " + r.status() + " with a body that is not JSON");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
