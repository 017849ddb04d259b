package io.duckmesh.drill.selftest;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.target.HostPgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.settings.SettingsLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two real PostgreSQL servers for drill.target=server self-tests: a source holding catalogs, and a
 * verification server the drill restores onto. Both are embedded instances reached by JDBC URL, as
 * a remote server would be.
 */
final class ServerPair implements AutoCloseable {

    private final EmbeddedServer source = EmbeddedServer.start("self-test source server", Duration.ofSeconds(60));
    private final EmbeddedServer verification;
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofMinutes(5));

    /** Both servers of the classpath's PostgreSQL (the source's major). */
    ServerPair() {
        this(0);
    }

    /** @param verificationMajor the verification server's major, from target/postgres-binaries; 0 for the source's */
    ServerPair(int verificationMajor) {
        verification = verificationMajor == 0
                ? EmbeddedServer.start("self-test verification server", Duration.ofSeconds(60))
                : EmbeddedServer.start("self-test verification server", Duration.ofSeconds(60),
                        Path.of("target/postgres-binaries/postgres-" + verificationMajor + ".jar"));
    }

    /** Loads a catalog (duckmesh, chinook, northwind, pagila) into its own database on the source server. */
    ServerPair load(String fixture) throws Exception {
        return load(fixture, 10_000);
    }

    /** Loads a catalog; the duckmesh fixture with about {@code rows} generated rows. */
    ServerPair load(String fixture, long rows) throws Exception {
        DrillSettings settings = new SettingsLoader(Map.of("drill.source.fixture", fixture, "drill.fixture.rows", Long.toString(rows)),
                Map.of(), Path.of("").toAbsolutePath()).load();
        PgTools tools = new PgTools(Optional.empty(), System.getenv("PATH"), new CommandRunner());
        new FixtureLoader(settings, sessions).load(source.endpoint("postgres"),
                new HostPgClient(tools, new CommandRunner(), Duration.ofMinutes(5), Duration.ofMinutes(5),
                        io.duckmesh.drill.backup.DumpOptions.DEFAULT));
        return this;
    }

    /** Sessions for a test's own statements on either server. */
    PgSessions sessions() {
        return sessions;
    }

    String sourceUrl(String database) {
        return "jdbc:postgresql://localhost:" + source.endpoint("postgres").port() + "/" + database;
    }

    String verificationUrl() {
        return "jdbc:postgresql://localhost:" + verification.endpoint("postgres").port() + "/postgres";
    }

    PgEndpoint sourceAdmin() {
        return source.endpoint("postgres");
    }

    PgEndpoint verificationAdmin() {
        return verification.endpoint("postgres");
    }

    /** A drill of {@code database} on the source, restored onto the verification server. */
    DrillRun drill(Path work, String database) {
        return DrillRun.in(work).with("drill.target", "server")
                .with("drill.source.url", sourceUrl(database)).with("drill.source.user", "postgres")
                .with("drill.restore.url", verificationUrl()).with("drill.restore.user", "postgres");
    }

    /**
     * Creates a login role on the source server that must give its password (scram-sha-256 in
     * pg_hba.conf, ahead of the embedded server's trust lines) and may read everything.
     */
    void passwordRole(String role, String password) throws Exception {
        String quotedRole = "\"" + role.replace("\"", "\"\"") + "\"";
        try (Connection connection = sessions.openWritable(source.endpoint("postgres")); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + quotedRole + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            statement.execute("GRANT pg_read_all_data TO " + quotedRole);
            String hba;
            try (ResultSet rs = statement.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            Path file = Path.of(hba);
            String lines = "host all " + quotedRole + " 127.0.0.1/32 scram-sha-256\nhost all " + quotedRole + " ::1/128 scram-sha-256\n";
            java.nio.file.Files.writeString(file, lines + java.nio.file.Files.readString(file));
            statement.execute("SELECT pg_reload_conf()");
        }
        PgEndpoint withoutPassword = new PgEndpoint("localhost", source.endpoint("postgres").port(), "postgres", role, Optional.empty());
        org.awaitility.Awaitility.await("pg_hba.conf reloaded").atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection connection = sessions.openReadOnly(withoutPassword)) {
                return false;
            } catch (java.sql.SQLException refused) {
                return true;
            }
        });
    }

    void execute(PgEndpoint endpoint, String sql) throws Exception {
        try (Connection connection = sessions.openWritable(endpoint); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Databases on the verification server other than the templates and postgres. */
    List<String> verificationDatabases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = sessions.openReadOnly(verification.endpoint("postgres"));
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT datname FROM pg_database"
                     + " WHERE datname NOT IN ('postgres', 'template0', 'template1') ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Override
    public void close() {
        verification.close();
        source.close();
    }
}
