package io.duckmesh.drill.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after make drill has rendered the report: opens the single-file HTML report from disk in
 * headless Chromium (as a reviewer would open the CI artifact), checks that its overview shows
 * every stage of the drill and the drill's outcome, and saves a screenshot next to it.
 */
class HtmlReportIT {

    private final Path reports = Path.of(System.getProperty("duckmesh.report.dir", "reports")).toAbsolutePath();
    private final Path report = reports.resolve("allure-report/index.html");

    @Test
    void theOverviewShowsEveryStageAndTheOutcome() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(reports.resolve("drill-summary.json").toFile());
        assertThat(report).as("the report make drill renders").isRegularFile();
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        if (chromium == null) {
            Assumptions.abort("no chromium on the PATH, so the report was not opened; .ci/run installs Debian's chromium");
        }

        String overview = chromium.text(report, Duration.ofSeconds(90));
        Path screenshot = chromium.screenshot(report, reports.resolve("allure-report/overview.png"), Duration.ofSeconds(90));
        // It shows the report's overview: the report's own, as the report is (Chromium writes it with the umask).
        Files.setPosixFilePermissions(screenshot, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        List<JsonNode> runs = stages(summary);
        int stages = runs.size();
        assertThat(stages).as("stages in %s", reports.resolve("drill-summary.json")).isPositive();
        long passed = countStatus(runs, "passed");
        long skipped = countStatus(runs, "skipped");
        assertThat(overview).as("overview of %s", report).contains(stages + " test cases", "00 Preflight", "10 Backup", "20 Restore",
                "90 Cleanup", "Environment", "drill.target");
        if (summary.path("status").asText().equals("passed")) {
            assertThat(overview).as("a passed drill shows every run stage as passed")
                    .contains(Math.round(100.0 * passed / (passed + countStatus(runs, "failed") + countStatus(runs, "broken"))) + "%");
        } else {
            assertThat(overview).as("a failed drill shows its categories").contains("Categories")
                    .containsAnyOf(List.of("parity mismatch", "backup failure", "restore failure", "configuration", "infrastructure")
                            .toArray(String[]::new));
        }
        assertThat(skipped).isLessThan(stages);
        assertThat(Files.size(screenshot)).as("screenshot %s", screenshot).isGreaterThan(10_000);
    }

    /**
     * Every stage's run the report shows a test case for: the summary's stages, or for a drill.databases run
     * (kind cluster) those of each database's own summary, as the report has a test per stage and database.
     */
    private static List<JsonNode> stages(JsonNode summary) throws java.io.IOException {
        List<JsonNode> stages = new java.util.ArrayList<>();
        if (summary.path("kind").asText().equals("cluster")) {
            for (JsonNode database : summary.path("databases")) {
                new ObjectMapper().readTree(Path.of(database.path("summary").asText()).toFile()).path("stages").forEach(stages::add);
            }
        } else {
            summary.path("stages").forEach(stages::add);
        }
        return stages;
    }

    private static long countStatus(List<JsonNode> stages, String status) {
        long count = 0;
        for (JsonNode stage : stages) {
            if (stage.path("status").asText().equals(status)) {
                count++;
            }
        }
        return count;
    }

    /** Debian's chromium, run headless with a virtual time budget so the report's scripts finish rendering. */
    record HeadlessChromium(Path program) {

        static Optional<HeadlessChromium> find() {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return Optional.of(new HeadlessChromium(candidate));
                    }
                }
            }
            return Optional.empty();
        }

        /** The page's visible text after its scripts ran. */
        String text(Path page, Duration timeout) throws Exception {
            String dom = run(timeout, "--dump-dom", page.toUri().toString());
            return dom.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<style.*?</style>", " ")
                    .replaceAll("<[^>]+>", " ").replace("&nbsp;", " ").replaceAll("\\s+", " ");
        }

        Path screenshot(Path page, Path png, Duration timeout) throws Exception {
            run(timeout, "--screenshot=" + png, "--window-size=1440,1000", page.toUri().toString());
            return png;
        }

        private String run(Duration timeout, String... arguments) throws Exception {
            Path profile = Files.createTempDirectory("drill-chromium");
            Path out = Files.createTempFile("drill-chromium", ".out");
            List<String> command = new java.util.ArrayList<>(List.of(program.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=15000", "--user-data-dir=" + profile));
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("chromium did not finish within " + timeout + ": " + command);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + command);
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
