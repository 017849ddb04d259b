package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding.Code;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * drill.evidence.values: a canary written into a restored row is named by its key in every level, and
 * found in no file of the run (report, summary, metrics, Allure results, console log) under hash and
 * hide; under show it is there, so the search can find it.
 */
class RowValuesTest {

    private static final String CANARY = "canary-7x9q-private";

    @TempDir
    Path work;

    @ParameterizedTest(name = "drill.evidence.values={0}")
    @ValueSource(strings = {"show", "hash", "hide"})
    void aChangedRowIsNamedByItsKeyAndItsValuesShownOnlyAsAsked(String level) throws Exception {
        FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        String canary = CANARY + "-" + level;

        DrillOutcome outcome = DrillRun.in(work.resolve(level)).with("drill.evidence.values", level)
                .damagingRestored("UPDATE public.namespaces SET name = '" + canary + "' WHERE namespace_id = 1").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.namespaces namespace_id=1: row differs in column name")
                .withFinding("ContentParity", Code.ROW_DIFFERS, "public.namespaces namespace_id=1");
        // Each level's own canary: the files of the run before it, written within the second's slack, hold another.
        List<Path> holding = filesHolding(canary, started, work.resolve(level), Path.of("target/selftest-allure-results"));
        if (level.equals("show")) {
            assertThat(holding).as("files holding the canary under show").isNotEmpty();
        } else {
            assertThat(holding).as("files holding the canary under %s", level).isEmpty();
            com.fasterxml.jackson.databind.JsonNode finding = outcome.summary().path("restoreFindings").get(0);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode source = json.readTree(finding.path("source").asText());
            com.fasterxml.jackson.databind.JsonNode restored = json.readTree(finding.path("restored").asText());
            assertThat(source.fieldNames()).toIterable().containsExactlyInAnyOrder("namespace_id", "name", "properties", "created_at");
            if (level.equals("hash")) {
                assertThat(source.path("name").asText()).as("the changed column's hashes").matches("#[0-9a-f]{12}")
                        .isNotEqualTo(restored.path("name").asText());
                assertThat(source.path("properties").asText()).as("an unchanged column hashes alike on both sides")
                        .matches("#[0-9a-f]{12}").isEqualTo(restored.path("properties").asText());
            } else {
                assertThat(source.toString() + restored).doesNotContainPattern("#[0-9a-f]{12}");
                assertThat(restored.path("name").asText()).isEqualTo("(hidden)");
            }
        }
    }

    @ParameterizedTest(name = "drill.evidence.values={0}")
    @ValueSource(strings = {"hash", "hide"})
    void theRowsAnInvariantReturnsAreShownAsAskedTheInvariantNamedAndTheFindingTheRestoresStill(String level) throws Exception {
        FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        Path invariants = Files.createDirectories(work.resolve(level + "-invariants"));
        // The canary is built by the SQL, so that neither the invariant nor the fault holds it as written.
        Files.writeString(invariants.resolve("no_canary_names.sql"),
                "SELECT namespace_id, name FROM public.namespaces WHERE name LIKE 'canary-inv%'");

        DrillOutcome outcome = DrillRun.in(work.resolve(level + "-invariant")).with("drill.evidence.values", level)
                .with("drill.invariants.dir", invariants.toString())
                .damagingRestoredLate("UPDATE public.namespaces SET name = 'canary-inv' || '-5p8r' WHERE namespace_id = 1").run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency", "invariant no_canary_names.sql", "returned 1 row, e.g. namespace_id=",
                level.equals("hide") ? "name=(hidden)" : "name=#");
        assertThat(filesHolding("canary-inv-5p8r", started, work.resolve(level + "-invariant"),
                Path.of("target/selftest-allure-results"))).as("files holding the canary under %s", level).isEmpty();
    }

    /** Files under the folders written since {@code since} (dumps aside: they hold the catalog by design) that contain {@code text}. */
    private static List<Path> filesHolding(String text, FileTime since, Path... folders) throws Exception {
        List<Path> holding = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".dump")).toList()) {
                    if (Files.getLastModifiedTime(file).compareTo(since) >= 0
                            && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                        holding.add(file);
                    }
                }
            }
        }
        return holding;
    }
}
