package io.duckmesh.drill.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of src/main: a library that returns data, whose packages build on each other without
 * cycles, and which knows nothing of JUnit, the Allure report or the HTTP and polling libraries of
 * the stage layer (src/test) that runs it.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.duckmesh.drill");

    @Test
    void theLibraryDoesNotDependOnTheTestLayer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.junit..", "io.qameta..", "io.restassured..",
                        "org.awaitility..", "org.assertj..", "io.duckmesh.drill.stages..", "io.duckmesh.drill.selftest..")
                .because("src/main is the drill's library; the JUnit stage classes and the Allure report live in src/test")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.duckmesh.drill.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void checksDoNotDependOnTheDrillsFlow() {
        noClasses().that().resideInAPackage("io.duckmesh.drill.check..")
                .should().dependOnClassesThat().resideInAnyPackage("io.duckmesh.drill", "io.duckmesh.drill.pipeline..",
                        "io.duckmesh.drill.evidence..")
                .because("a check takes connections and data and returns a CheckResult; the pipeline decides when it runs")
                .check(MAIN);
    }
}
