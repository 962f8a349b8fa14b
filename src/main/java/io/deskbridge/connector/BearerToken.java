package io.deskbridge.connector;

/**
 * A fixed access token sent as {@code Authorization: Bearer} (Zendesk Chat's OAuth token, Sell's personal or OAuth
 * token). There is nothing to refresh: when the API refuses
 * it, the call is not repeated, and the answer is a {@link CredentialsRefused}.
 */
public final class BearerToken implements ApiCaller.Auth {

    private final String header;

    public BearerToken(String token) {
        this.header = "Bearer " + token;
    }

    @Override
    public String header() {
        return header;
    }

    @Override
    public void rejected(String header) {
        // a long-lived token: a new one comes from the admin, not from a refresh
    }

    @Override
    public boolean refreshable() {
        return false;
    }

    @Override
    public String toString() {
        return "Bearer ****"; // never the token, should this end up in a log
    }
}
