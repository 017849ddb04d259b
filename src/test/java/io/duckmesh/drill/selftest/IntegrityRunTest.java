package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.selftest.IntegrityApiServer.Received;
import io.duckmesh.drill.selftest.IntegrityApiServer.Scenario;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 80 against a real HTTP server that implements the integrity-run contract and really checks
 * the restored catalog, in every way a deployment can answer: passed, two failing checks, a run that
 * never ends, 503 twice, 429 with Retry-After, 401, malformed JSON, a refused connection, a wrong path.
 * The paths and the catalog field are not the defaults, to prove they are configurable.
 */
@DrillServers
class IntegrityRunTest {

    private static final String TOKEN = "tok-canary-41c9e";
    private static final String START_PATH = "/api/v2/integrity";

    @TempDir
    Path work;

    private ServerPair servers;

    private IntegrityApiServer api;
    private Path tokenFile;

    @BeforeAll
    void start(@TempDir Path secrets) throws Exception {
        api = new IntegrityApiServer(TOKEN, START_PATH, "target");
        tokenFile = secret(secrets.resolve("token"), TOKEN);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aSoundRestoredCatalogPassesTheIntegrityRunAndTheTokenIsNowhere() throws Exception {
        api.scenario(Scenario.NORMAL);

        DrillOutcome outcome = drill("passes").run();

        assertThatDrill(outcome).passedEveryStageWithTheIntegrityRun();
        assertThat(outcome.summary().path("integrityRun").path("status").asText()).isEqualTo("passed");
        Received started = api.received().get(0);
        assertThat(started.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(started.body()).contains("\"target\":{", "\"database\":\"drill_duckmesh_").doesNotContain("\"database\":\"duckmesh\"");
        assertThat(allureText()).contains("integrity check data files belong to an existing snapshot: passed",
                "integrity check record counts are not negative: passed", "Bearer ****");
        assertTokenIsNowhere();
    }

    @Test
    void twoFailingChecksFailTheStageWithEachCheckAndItsDetail() throws Exception {
        api.scenario(Scenario.NORMAL);

        DrillOutcome outcome = drill("fails").damagingRestoredAfterChecks("SET session_replication_role = replica;"
                + " UPDATE data_files SET snapshot_id = 987654 WHERE file_id = 1; ALTER TABLE data_files DROP CONSTRAINT data_files_record_count_check;"
                + " UPDATE data_files SET record_count = -5 WHERE file_id = 2").run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "2 findings",
                "data files belong to an existing snapshot: failed in duckmesh's integrity run", "failed: 1 offending rows, first ids [1]",
                "record counts are not negative: failed in duckmesh's integrity run", "failed: 1 offending rows, first ids [2]");
    }

    @Test
    void aRunThatNeverEndsFailsWithTheLastStateAndTheTimeWaited() throws Exception {
        api.scenario(Scenario.STAYS_RUNNING);

        DrillOutcome outcome = drill("hangs").with("drill.integrity.timeout", "PT2S").run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "did not end within drill.integrity.timeout=PT2S: still running after ");
        String message = outcome.stages().stream().filter(s -> s.name().equals("IntegrityRun")).findFirst().orElseThrow().message();
        Matcher waited = Pattern.compile("still running after (\\d+\\.\\d) s").matcher(message);
        assertThat(waited.find()).as("time waited in %s", message).isTrue();
        assertThat(Double.parseDouble(waited.group(1))).as("seconds waited: at least the timeout, and the last poll soon after it (a loaded machine)")
                .isBetween(2.0, 30.0);
    }

    @Test
    void twoUnavailableAnswersAreRetriedAndTheRunPasses() throws Exception {
        api.scenario(Scenario.UNAVAILABLE_TWICE);

        DrillOutcome outcome = drill("flaky").run();

        assertThatDrill(outcome).passedEveryStageWithTheIntegrityRun();
        assertThat(api.received().stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(3);
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanRetryAfter() throws Exception {
        api.scenario(Scenario.RATE_LIMITED_ONCE);

        DrillOutcome outcome = drill("limited").run();

        assertThatDrill(outcome).passedEveryStageWithTheIntegrityRun();
        List<Received> posts = api.received().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSize(2);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).as("wait after Retry-After: 1, poll interval 0.1 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void aRefusedTokenFailsAtOnceWithStatusUrlAndMessage(@TempDir Path secrets) throws Exception {
        api.scenario(Scenario.NORMAL);

        DrillOutcome outcome = drill("refused").with("drill.integrity.api-token-file", secret(secrets.resolve("wrong"), "wrong").toString())
                .run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "POST " + api.url() + START_PATH
                + " answered 401: bearer token missing or not accepted. Check the bearer token");
        assertThat(api.received()).hasSize(1);
    }

    @Test
    void malformedJsonFailsAtOnce() throws Exception {
        api.scenario(Scenario.MALFORMED_JSON);

        DrillOutcome outcome = drill("malformed").run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "answered 200 with malformed JSON", "fixtures/integrity-api/openapi.yaml");
        assertThat(api.received().stream().filter(r -> r.method().equals("GET")).count()).isEqualTo(1);
    }

    @Test
    void aWrongStartPathFailsAtOnceWith404() throws Exception {
        api.scenario(Scenario.NORMAL);

        DrillOutcome outcome = drill("notfound").with("drill.integrity.start-path", "/v1/integrity-runs").run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "POST " + api.url() + "/v1/integrity-runs answered 404",
                "Check drill.integrity.api-url and drill.integrity.start-path");
    }

    @Test
    void aRefusedConnectionIsRetriedUntilTheTimeout() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        DrillOutcome outcome = drill("down").with("drill.integrity.api-url", "http://127.0.0.1:" + closed)
                .with("drill.integrity.timeout", "PT1S").run();

        assertThatDrill(outcome).failedOnlyAt("IntegrityRun", "Could not start an integrity run within drill.integrity.timeout=PT1S",
                "connection refused");
    }

    private DrillRun drill(String name) {
        return servers.drill(work.resolve(name), "duckmesh").with("drill.integrity.api-url", api.url())
                .with("drill.integrity.api-token-file", tokenFile.toString()).with("drill.integrity.start-path", START_PATH)
                .with("drill.integrity.catalog-field", "target").with("drill.integrity.poll-interval", "PT0.1S");
    }

    private static Path secret(Path file, String value) throws Exception {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private void assertTokenIsNowhere() throws Exception {
        for (Path root : List.of(work, Path.of(System.getProperty("allure.results.directory", "target/allure-results")))) {
            try (Stream<Path> files = Files.walk(root)) {
                assertThat(files.filter(Files::isRegularFile).filter(f -> !f.equals(tokenFile)))
                        .allSatisfy(f -> assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                                .as("content of %s", f).doesNotContain(TOKEN));
            }
        }
    }

    private static String allureText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("allure.results.directory", "target/allure-results")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}
