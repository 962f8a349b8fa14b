package io.deskbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way, so a new system or module is an addition at one level, not a change through all of them:
 * model → connectors → store → sync → admin (and observe, the metrics) → app wiring, and inside sync the data flow itself
 * (definitions → records and run context → outcomes → pull → map → match → push → run orchestration). Each layer may use only the
 * layers before it. The sandbox stands in for the vendors: product code never sees it, and it never sees the
 * product; only the startup chooses to run it.
 */
class ArchitectureTest {

    private static final String ROOT = "io.deskbridge";
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Model")
                .definedBy(ROOT + ".model..")
                .layer("Connectors")
                .definedBy(ROOT + ".connector..")
                .layer("Store")
                .definedBy(ROOT + ".store..")
                .layer("Sync")
                .definedBy(ROOT + ".sync..")
                .layer("Admin")
                .definedBy(ROOT + ".admin..")
                .layer("Observe")
                .definedBy(ROOT + ".observe..")
                .layer("App")
                .definedBy(ROOT)
                .layer("Sandbox")
                .definedBy(ROOT + ".sandbox..")
                .whereLayer("Model")
                .mayNotAccessAnyLayer()
                .whereLayer("Connectors")
                .mayOnlyAccessLayers("Model")
                .whereLayer("Store")
                .mayOnlyAccessLayers("Model", "Connectors")
                .whereLayer("Sync")
                .mayOnlyAccessLayers("Model", "Connectors", "Store")
                .whereLayer("Admin")
                .mayOnlyAccessLayers("Model", "Connectors", "Store", "Sync")
                .whereLayer("Observe")
                .mayOnlyAccessLayers("Model", "Store", "Sync")
                .whereLayer("Sandbox")
                .mayNotAccessAnyLayer()
                .check(product);
    }

    @Test
    void theSyncStagesFollowTheDataFlow() {
        String sync = ROOT + ".sync";
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Definitions")
                .definedBy(sync + ".definition..")
                .layer("Core")
                .definedBy(sync)
                .layer("Outcomes")
                .definedBy(sync + ".outcome..")
                .layer("Pull")
                .definedBy(sync + ".pull..")
                .layer("Map")
                .definedBy(sync + ".map..")
                .layer("Match")
                .definedBy(sync + ".match..")
                .layer("Push")
                .definedBy(sync + ".push..")
                .layer("Orchestration")
                .definedBy(sync + ".run..")
                // Flows of their own beside the record pipeline: the tickets mirror and the signals it raises, and
                // chats.
                .layer("Tickets")
                .definedBy(sync + ".tickets..")
                .layer("Signals")
                .definedBy(sync + ".signals..")
                .layer("Chats")
                .definedBy(sync + ".chats..")
                .whereLayer("Definitions")
                .mayNotAccessAnyLayer()
                .whereLayer("Core")
                .mayOnlyAccessLayers("Definitions")
                .whereLayer("Outcomes")
                .mayOnlyAccessLayers("Definitions", "Core")
                .whereLayer("Pull")
                .mayOnlyAccessLayers("Definitions", "Core", "Outcomes")
                .whereLayer("Map")
                .mayOnlyAccessLayers("Definitions", "Core", "Outcomes", "Pull")
                .whereLayer("Match")
                .mayOnlyAccessLayers("Definitions", "Core", "Outcomes", "Pull", "Map")
                .whereLayer("Push")
                .mayOnlyAccessLayers("Definitions", "Core", "Outcomes", "Pull", "Map", "Match")
                .whereLayer("Tickets")
                .mayOnlyAccessLayers("Definitions", "Core", "Pull", "Orchestration")
                .whereLayer("Signals")
                .mayOnlyAccessLayers("Definitions", "Core")
                .whereLayer("Chats")
                .mayOnlyAccessLayers("Definitions", "Core", "Pull", "Orchestration")
                .check(product);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void onlyTheStartupChoosesToRunTheSandbox() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".sandbox..")
                .and()
                .doNotHaveFullyQualifiedName(Deskbridge.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(SandboxConfiguration.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(SandboxConfiguration.WhenEnabled.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".sandbox..")
                .check(product);
        // Nor may the product's wiring start it through the startup's own configuration.
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(Deskbridge.class.getName())
                .and()
                .resideOutsideOfPackage(ROOT + ".sandbox..")
                .and()
                .doNotHaveFullyQualifiedName(SandboxConfiguration.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(SandboxConfiguration.WhenEnabled.class.getName())
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(SandboxConfiguration.class.getName())
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(SandboxConfiguration.WhenEnabled.class.getName())
                .check(product);
    }

    @Test
    void thePipelineSpeaksOnlyToTheConnectorContract() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".store..", ROOT + ".sync..", ROOT + ".admin..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".connector.(*)..")
                .because("each system is a SyncConnector: only the app's wiring chooses which")
                .check(product);
    }

    @Test
    void theConnectorContractKnowsNoSystem() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".connector")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".connector.(*)..")
                .check(product);
    }
}
