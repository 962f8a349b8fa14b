package io.deskbridge.sandbox;

import java.time.Duration;

/**
 * Configuration of the embedded sandbox.
 *
 * @param clientId      OAuth client id the token endpoint accepts
 * @param clientSecret  OAuth client secret the token endpoint accepts
 * @param refreshToken  the one refresh token the token endpoint accepts
 * @param deskOrgId     value the Desk API expects in the {@code orgId} header
 * @param tokenTtl      lifetime of issued access tokens (null = 1 hour)
 * @param dataDir       directory for {@code sandbox.mv.db}; null or blank keeps everything in memory
 * @param seedDemoData  seed the demo data set when the store is empty
 * @param crmProduct    the CRM served: Zoho CRM under {@code /crm/v8}, or Bigin under {@code /bigin/v2} (issue 15)
 */
public record SandboxSettings(
        String clientId,
        String clientSecret,
        String refreshToken,
        String deskOrgId,
        Duration tokenTtl,
        String dataDir,
        boolean seedDemoData,
        SimulatedCrm crmProduct) {

    public SandboxSettings {
        crmProduct = crmProduct == null ? SimulatedCrm.ZOHO_CRM : crmProduct;
    }

    /** A sandbox of Zoho CRM. */
    public SandboxSettings(
            String clientId,
            String clientSecret,
            String refreshToken,
            String deskOrgId,
            Duration tokenTtl,
            String dataDir,
            boolean seedDemoData) {
        this(clientId, clientSecret, refreshToken, deskOrgId, tokenTtl, dataDir, seedDemoData, SimulatedCrm.ZOHO_CRM);
    }

    /** The same sandbox serving {@code product}. */
    public SandboxSettings withCrmProduct(SimulatedCrm product) {
        return new SandboxSettings(
                clientId, clientSecret, refreshToken, deskOrgId, tokenTtl, dataDir, seedDemoData, product);
    }

    /** Defaults suitable for demos and tests: in memory, demo data seeded, 1 hour tokens. */
    public static SandboxSettings defaults() {
        return new SandboxSettings(
                "1000.SANDBOXCLIENT",
                "sandbox-secret",
                "1000.sandbox.refresh",
                "20240101",
                Duration.ofHours(1),
                null,
                true);
    }

    boolean inMemory() {
        return dataDir == null || dataDir.isBlank();
    }
}
