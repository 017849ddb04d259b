package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source on PostgreSQL 16 while this machine's pg_dump is 15: Preflight refuses before anything is
 * dumped, saying which client to install. The 16 server comes from zonky's binaries, which the build
 * copies to target/postgres-binaries (off the classpath).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OlderPgDumpTest {

    @TempDir
    Path work;

    private EmbeddedPostgres newer;
    private ServerPair servers;

    @BeforeAll
    void start(@TempDir Path serverDir) throws Exception {
        Path jar = Path.of("target/postgres-binaries/postgres-16.jar");
        assertThat(jar).as("PostgreSQL 16 binaries copied by the build (maven-dependency-plugin)").isRegularFile();
        byte[] binaries;
        try (JarFile archive = new JarFile(jar.toFile())) {
            binaries = archive.getInputStream(archive.getJarEntry("postgres-linux-x86_64.txz")).readAllBytes();
        }
        newer = EmbeddedPostgres.builder().setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(binaries))
                .setOverrideWorkingDirectory(serverDir.toFile())
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection connection = newer.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE duckmesh");
        }
        servers = new ServerPair();
    }

    @AfterAll
    void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (newer != null) {
            newer.close();
        }
    }

    @Test
    void aPgDumpOlderThanTheSourceServerIsRefusedInPreflight() throws Exception {
        DrillOutcome outcome = DrillRun.in(work.resolve("run")).with("drill.target", "server")
                .with("drill.source.url", "jdbc:postgresql://localhost:" + newer.getPort() + "/duckmesh").with("drill.source.user", "postgres")
                .with("drill.restore.url", servers.verificationUrl()).with("drill.restore.user", "postgres").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "pg_dump is older than the source server: pg_dump 15",
                "cannot dump PostgreSQL 16", "Install postgresql-client-16 or point drill.pg.bin-dir at a newer pg_dump");
        assertThat(outcome.summary().path("exitCode").asInt()).isEqualTo(2);
        assertThat(outcome.summary().path("failureCategory").asText()).isEqualTo("configuration");
    }
}
