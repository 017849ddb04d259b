package io.duckmesh.drill.selftest;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.HostPgClient;
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
    private final EmbeddedServer verification = EmbeddedServer.start("self-test verification server", Duration.ofSeconds(60));
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofMinutes(5));

    /** Loads a catalog (duckmesh, chinook, northwind, pagila) into its own database on the source server. */
    ServerPair load(String fixture) throws Exception {
        DrillSettings settings = new SettingsLoader(Map.of("drill.source.fixture", fixture), Map.of(),
                Path.of("").toAbsolutePath()).load();
        PgTools tools = new PgTools(Optional.empty(), System.getenv("PATH"), new CommandRunner());
        new FixtureLoader(settings, sessions).load(source.endpoint("postgres"),
                new HostPgClient(tools, new CommandRunner(), Duration.ofMinutes(5), Duration.ofMinutes(5),
                        io.duckmesh.drill.backup.DumpOptions.DEFAULT));
        return this;
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
