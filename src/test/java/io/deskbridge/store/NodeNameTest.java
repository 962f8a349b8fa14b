package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deskbridge.model.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 2: a node's default name is unique per live process and comes back to a node restarted; a set name
 * wins; a bad one stops the start naming the key.
 */
class NodeNameTest {

    @TempDir
    Path dataDir;

    @Test
    void twoRuntimesOnOneDataFolderGetDifferentNamesAndARestartTakesItsOwnBack() {
        String first;
        String second;
        try (NodeName a = NodeName.resolve(null, dataDir, () -> "host-a")) {
            try (NodeName b = NodeName.resolve(null, dataDir, () -> "host-a")) {
                first = a.name();
                second = b.name();
                assertNotEquals(first, second, "the second runtime cannot take the slot the first holds");
                assertTrue(first.matches("host-a-[0-9a-f]{8}"), first);
                assertTrue(a.origin().startsWith("slot 1 of "), a.origin());
                assertTrue(b.origin().startsWith("slot 2 of "), b.origin());
            }
            try (NodeName again = NodeName.resolve(null, dataDir, () -> "host-a")) {
                assertEquals(second, again.name(), "slot 2 is free again, slot 1 still held");
            }
        }
        try (NodeName restarted = NodeName.resolve(null, dataDir, () -> "host-a")) {
            assertEquals(first, restarted.name(), "a runtime restarted on the same folder is the same node");
        }
    }

    @Test
    void anotherDataFolderOnTheSameHostIsAnotherNode() throws Exception {
        try (NodeName a = NodeName.resolve(null, dataDir.resolve("one"), () -> "host");
                NodeName b = NodeName.resolve(null, dataDir.resolve("two"), () -> "host")) {
            assertNotEquals(a.name(), b.name());
        }
    }

    @Test
    void theSlotFolderIsTheOwnersOnly() throws Exception {
        assumeFalse(!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
        try (NodeName a = NodeName.resolve(null, dataDir, () -> "host")) {
            Path dir = dataDir.resolve(NodeName.FOLDER);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("slot-1.id"))));
        }
    }

    @Test
    void aSetNameWinsAndTakesNoSlot() {
        try (NodeName n = NodeName.resolve("  node-7 ", dataDir, () -> "host")) {
            assertEquals("node-7", n.name());
            assertEquals(NodeName.KEY, n.origin());
        }
        assertTrue(Files.notExists(dataDir.resolve(NodeName.FOLDER)), "no slot file for a set name");
    }

    @Test
    void aBlankTooLongOrMultiLineNameIsRefusedNamingTheKey() {
        for (String bad : new String[] {"", "   ", "x".repeat(201), "node\n2"}) {
            ConfigurationException e =
                    assertThrows(ConfigurationException.class, () -> NodeName.resolve(bad, dataDir, () -> "host"));
            assertTrue(e.getMessage().startsWith(NodeName.KEY + " "), e.getMessage());
        }
        try (NodeName longest = NodeName.resolve("x".repeat(200), dataDir, () -> "host")) {
            assertEquals(200, longest.name().length());
        }
    }

    @Test
    void aLongHostNameIsCutSoTheNameFitsTheLeaseColumn() {
        try (NodeName n = NodeName.resolve(null, dataDir, () -> "h".repeat(300))) {
            assertEquals(200, n.name().length());
            assertTrue(n.name().matches("h+-[0-9a-f]{8}"), n.name());
        }
    }

    @Test
    void aDataFolderWhereTheSlotsCannotBeKeptStopsTheStartNamingTheDataDirKey() throws Exception {
        Files.writeString(dataDir.resolve(NodeName.FOLDER), "not a folder");
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> NodeName.resolve(null, dataDir, () -> "host"));
        assertTrue(e.getMessage().startsWith("deskbridge.data-dir = " + dataDir), e.getMessage());
    }

    @Test
    void aReadOnlyDataFolderStopsTheStartNamingTheDataDirKey() throws Exception {
        Path readOnly = Files.createDirectory(dataDir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> NodeName.resolve(null, readOnly, () -> "host"));
        assertTrue(e.getMessage().startsWith("deskbridge.data-dir = " + readOnly), e.getMessage());
    }

    @Test
    void aSlotFileLeftEmptyByAKillGetsAFreshId() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve(NodeName.FOLDER));
        Files.writeString(dir.resolve("slot-1.id"), "");
        try (NodeName n = NodeName.resolve(null, dataDir, () -> "host")) {
            assertTrue(n.name().matches("host-[0-9a-f]{8}"), n.name());
            assertEquals(
                    n.name().substring(5),
                    Files.readString(dir.resolve("slot-1.id")).trim());
        }
    }
}
