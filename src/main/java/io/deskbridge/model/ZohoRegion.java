package io.deskbridge.model;

/**
 * A Zoho data centre, as written in {@code deskbridge.zoho.region}: the hosts of its CRM (and Bigin) API, its accounts
 * server and its Desk. Zoho CRM and Bigin share the API domains and accounts servers (Bigin's multi-DC page, CRM SDK
 * data-centre files); the Desk hosts are Zoho's own for com and eu and agreeing third-party clients' for the others.
 * Canada's accounts server is accounts.zohocloud.ca (accounts.zoho.ca does not answer); the key cn is the host suffix
 * .com.cn.
 */
public enum ZohoRegion implements Choice {
    COM("com", "https://www.zohoapis.com", "https://accounts.zoho.com", "https://desk.zoho.com"),
    EU("eu", "https://www.zohoapis.eu", "https://accounts.zoho.eu", "https://desk.zoho.eu"),
    IN("in", "https://www.zohoapis.in", "https://accounts.zoho.in", "https://desk.zoho.in"),
    COM_AU("com.au", "https://www.zohoapis.com.au", "https://accounts.zoho.com.au", "https://desk.zoho.com.au"),
    JP("jp", "https://www.zohoapis.jp", "https://accounts.zoho.jp", "https://desk.zoho.jp"),
    CA("ca", "https://www.zohoapis.ca", "https://accounts.zohocloud.ca", "https://desk.zohocloud.ca"),
    SA("sa", "https://www.zohoapis.sa", "https://accounts.zoho.sa", "https://desk.zoho.sa"),
    CN("cn", "https://www.zohoapis.com.cn", "https://accounts.zoho.com.cn", "https://desk.zoho.com.cn");

    private final String key;
    private final String apiDomain;
    private final String accountsServer;
    private final String deskDomain;

    ZohoRegion(String key, String apiDomain, String accountsServer, String deskDomain) {
        this.key = key;
        this.apiDomain = apiDomain;
        this.accountsServer = accountsServer;
        this.deskDomain = deskDomain;
    }

    @Override
    public String key() {
        return key;
    }

    /** The CRM and Bigin API domain ({@code deskbridge.crm.api-url}). */
    public String apiDomain() {
        return apiDomain;
    }

    /** The OAuth server of both the CRM and the Desk ({@code deskbridge.crm.accounts-url}, {@code .desk.}). */
    public String accountsServer() {
        return accountsServer;
    }

    /** The Desk domain ({@code deskbridge.desk.api-url}); the connector adds {@code /api/v1}. */
    public String deskDomain() {
        return deskDomain;
    }
}
