package io.deskbridge.admin;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.store.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token admin calls must present. Configured with {@code deskbridge.admin.token}; when it
 * is not, one is generated at first start into {@code <data-dir>/admin.token}, readable by its owner
 * only, and its location (never the token) is logged. There is no well-known default.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    public static final String FILE = "admin.token";

    private AdminToken() {}

    public static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            LOG.info("Admin API token: taken from deskbridge.admin.token");
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        try {
            OwnerOnly.directory(dataDir, FILE);
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                write(file, token);
                LOG.info("Admin API token generated and stored in {} (readable by its owner only)", file);
                return token;
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.length() < AdminTokens.MIN_LENGTH) {
                throw new ConfigurationException(
                        file + " holds no usable admin token; delete it to have a new one generated");
            }
            LOG.info("Admin API token: read from {}", file);
            return token;
        } catch (IOException e) {
            throw new ConfigurationException(
                    "cannot read or create the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String token) throws IOException {
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }
}
