package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill in its own JVM, as make drill runs it: stopped with SIGTERM in the middle of pg_restore it
 * drops what it created; killed with SIGKILL it leaves a stale database that the next Preflight
 * sweeps; and a canary password given through environment variables reaches no file, no log and no
 * command line of any process while pg_dump and pg_restore run.
 */
@DrillServers(rows = 400_000)
class InterruptedDrillTest {

    private static final String CANARY = "canary-9d1e Päss $;'\"";

    @TempDir
    Path work;

    private ServerPair servers;

    @BeforeAll
    void start() throws Exception {
        servers.passwordRole("drill_canary", CANARY);
    }

    @Test
    void sigtermDuringTheRestoreDropsTheThrowawayDatabaseAndStopsPgRestore() throws Exception {
        Process drill = child(work.resolve("term"), "postgres").start();
        ProcessHandle restore = awaitPgRestore(drill);

        drill.destroy();

        assertThat(drill.waitFor(60, TimeUnit.SECONDS)).as("the drill stops within 60 s of SIGTERM").isTrue();
        Awaitility.await("pg_restore stopped").atMost(Duration.ofSeconds(10)).until(() -> !restore.isAlive());
        assertThat(servers.verificationDatabases()).as("throwaway databases left").isEmpty();
        assertThat(Files.readString(work.resolve("term/child.log"))).contains("interrupted: released what it created");
    }

    @Test
    void sigkillLeavesAStaleDatabaseThatTheNextPreflightSweeps() throws Exception {
        Process drill = child(work.resolve("kill"), "postgres").start();
        ProcessHandle restore = awaitPgRestore(drill);

        drill.destroyForcibly();
        assertThat(drill.waitFor(60, TimeUnit.SECONDS)).isTrue();

        restore.destroyForcibly();
        Awaitility.await("pg_restore gone").atMost(Duration.ofSeconds(10)).until(() -> !restore.isAlive());
        List<String> left = servers.verificationDatabases();
        DrillOutcome next = servers.drill(work.resolve("next"), "duckmesh").with("drill.stale-after", "PT0.001S")
                .with("drill.sweep-stale", "true").run();

        assertThat(left).as("what SIGKILL left behind").singleElement().asString().startsWith("drill_duckmesh_");
        assertThatDrill(next).passedEveryStage();
        assertThat(next.summary().path("staleDatabases").toString()).isEqualTo("[\"" + left.get(0) + "\"]");
        assertThat(servers.verificationDatabases()).isEmpty();
    }

    @Test
    void aCanaryPasswordFromTheEnvironmentIsInNoFileLogOrCommandLine() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> leaks = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(() -> scanCommandLines(seen, leaks), 0, 10, TimeUnit.MILLISECONDS);
        Path run = work.resolve("canary");
        try {
            Process drill = child(run, null)
                    .withEnvironment("DUCKMESH_RESTORE_DRILL_SOURCE_USER", "drill_canary")
                    .withEnvironment("DUCKMESH_RESTORE_DRILL_SOURCE_PASSWORD", CANARY)
                    .withEnvironment("DUCKMESH_RESTORE_DRILL_RESTORE_URL", servers.verificationUrl() + "?password=" + java.net.URLEncoder
                            .encode(CANARY, StandardCharsets.UTF_8))
                    .with("drill.dump.retain", "always").start();
            assertThat(drill.waitFor(300, TimeUnit.SECONDS)).as("the drill finishes").isTrue();
        } finally {
            watcher.shutdownNow();
        }

        assertThat(Files.readString(run.resolve("child.log"))).contains("90 Cleanup", "PASSED").doesNotContain("FAILED");
        assertThat(seen).as("processes watched while the drill ran").contains("pg_dump", "pg_restore");
        assertThat(leaks).as("command lines holding the password").isEmpty();
        for (Path root : List.of(run, Path.of("target"))) {
            try (Stream<Path> files = Files.walk(root)) {
                assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().matches(".*\\.(dump|class|jar)$")))
                        .allSatisfy(f -> assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                                .as("content of %s", f).doesNotContain("canary-9d1e"));
            }
        }
    }

    /** @param sourceUser the source role as a setting, or null to leave it to the environment */
    private JvmDrill child(Path run, String sourceUser) {
        JvmDrill drill = new JvmDrill(run).with("drill.target", "server").with("drill.source.url", servers.sourceUrl("duckmesh"))
                .with("drill.restore.url", servers.verificationUrl()).with("drill.restore.user", "postgres");
        return sourceUser == null ? drill : drill.with("drill.source.user", sourceUser);
    }

    /** Waits for the drill's own pg_restore (a child of its JVM) to be restoring into the throwaway database. */
    private static ProcessHandle awaitPgRestore(Process drill) {
        return Awaitility.await("pg_restore running").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> drill.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/pg_restore")).orElse(false))
                        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("--dbname=drill_duckmesh_")).orElse(false))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Reads every process's command line from /proc, noting pg_dump and pg_restore, and any holding the canary. */
    private static void scanCommandLines(Set<String> seen, Set<String> leaks) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (java.io.IOException gone) {
                    continue;
                }
                for (String program : List.of("pg_dump", "pg_restore")) {
                    if (cmdline.contains("/" + program + " ")) {
                        seen.add(program);
                    }
                }
                if (cmdline.contains("canary-9d1e") || cmdline.contains("canary-9d1e".replace("-", "%2D"))) {
                    leaks.add(cmdline);
                }
            }
        } catch (java.io.IOException unreadable) {
            leaks.add("cannot list /proc: " + unreadable.getMessage());
        }
    }
}
