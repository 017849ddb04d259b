package io.duckmesh.drill.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report is rendered once, in the drill's JVM: the single file and, read back out of it, the trend
 * history that the next drill's results carry, so the trend grows drill by drill; everything it writes is
 * its owner's only; a results folder Allure cannot read is said so.
 */
class HtmlReportTest {

    private static final Path ALLURE_HOME = Path.of(System.getProperty("duckmesh.test.allure-home",
            "target/allure-commandline/allure-2.34.1"));

    @TempDir
    Path work;

    @Test
    void theReportIsOneFileItsHistoryIsKeptAndTheNextRenderCarriesItsTrend() throws Exception {
        Path reports = work.resolve("reports");
        Path results = result(work.resolve("first"), "passed");

        HtmlReport.Rendered first = new HtmlReport(ALLURE_HOME).render(results, reports);
        Path second = result(work.resolve("second"), "failed");
        int carried = new AllureResultsFiles(second).carryHistory(first.history());
        HtmlReport.Rendered again = new HtmlReport(ALLURE_HOME).render(second, reports);

        assertThat(first.report()).isEqualTo(reports.resolve("allure-report/index.html"));
        assertThat(Files.readString(again.report()).contains("d('data/test-cases/")).as("the single file carries its test cases")
                .isTrue();
        assertThat(carried).as("history files carried into the next results").isGreaterThanOrEqualTo(4);
        assertThat(new ObjectMapper().readTree(again.history().resolve("history-trend.json").toFile()))
                .as("the trend of two drills").hasSize(2);
        try (Stream<Path> written = Files.walk(reports)) {
            assertThat(written.filter(p -> !p.equals(reports))).allSatisfy(path -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as("%s", path)
                    .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
        try (Stream<Path> left = Files.list(reports)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("allure-report", "allure-history");
        }
    }

    @Test
    void aMissingReportGeneratorIsSaidWithWhatToDo() {
        assertThatThrownBy(() -> new HtmlReport(work.resolve("no-allure")).render(work, work.resolve("reports")))
                .hasMessageContaining("No Allure report generator at " + work.resolve("no-allure"))
                .hasMessageContaining("make report");
    }

    /** An Allure results folder with one test result of {@code status}, as allure-junit5 writes it. */
    private static Path result(Path folder, String status) throws Exception {
        Files.createDirectories(folder);
        long now = System.currentTimeMillis();
        new ObjectMapper().writeValue(folder.resolve("0f0e0d0c-" + status + "-result.json").toFile(), Map.of(
                "uuid", "0f0e0d0c-" + status, "historyId", "stage-10-backup", "name", "stage 10 Backup", "fullName", "BackupIT.stage",
                "status", status, "stage", "finished", "start", now - 1000, "stop", now));
        return folder;
    }
}
