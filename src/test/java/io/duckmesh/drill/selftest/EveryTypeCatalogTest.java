package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill on a generated catalog of every built-in type, as keys and as columns, beside the
 * fixture: clean, it has no finding at all; with one value changed in each table, ContentParity
 * names each table, key and column. Both restored into the source's major and, as an upgrade
 * rehearsal, into PostgreSQL 17: the row hash and the row text of every type are the same there.
 */
class EveryTypeCatalogTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "restore server major: {0}")
    @ValueSource(strings = {"", "17"})
    void everyTypeDrillsCleanWithNoFindingAtAll(String major) throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", major).preparingSource(EveryTypeCatalog.create()).run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("findingsByKind").path("source").asInt()).isZero();
        assertThat(outcome.summary().path("findingsByKind").path("byDesign").asInt()).isZero();
    }

    @ParameterizedTest(name = "restore server major: {0}")
    @ValueSource(strings = {"", "17"})
    void oneValueChangedInEachTableIsNamedByTableKeyAndColumn(String major) throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", major).with("drill.content.max-diff-rows", "1000")
                .preparingSource(EveryTypeCatalog.create())
                .damagingRestored(EveryTypeCatalog.changeOneValueInEachTable()).run();

        List<String> fragments = new java.util.ArrayList<>();
        for (EveryTypeCatalog.Type type : EveryTypeCatalog.TYPES) {
            fragments.add(type.keyable() ? "public." + type.table() + " k=" : "public." + type.table() + " (no primary key): row missing");
        }
        long keyed = EveryTypeCatalog.TYPES.stream().filter(EveryTypeCatalog.Type::keyable).count();
        long total = keyed + 2 * (EveryTypeCatalog.TYPES.size() - keyed);
        assertThatDrill(outcome).failedOnlyAt("ContentParity", total + " findings");
        String message = outcome.stages().stream().filter(s -> s.name().equals("ContentParity")).findFirst().orElseThrow().message();
        assertThat(message).contains(fragments);
        for (EveryTypeCatalog.Type type : EveryTypeCatalog.TYPES) {
            if (type.keyable()) {
                assertThat(message).as("the finding of %s", type.table())
                        .containsPattern("public\\." + type.table() + " k=[^\\n]*: row differs in column v\\b");
            }
        }
    }
}
