package io.duckmesh.drill.selftest;

import io.duckmesh.drill.postgres.JdbcUrl;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two Debian PostgreSQL 15 servers {@code .ci/debian-servers} starts (a source and a
 * verification server, superuser postgres, trust on loopback), named by the environment variables
 * DUCKMESH_TEST_SOURCE_SERVER and DUCKMESH_TEST_VERIFICATION_SERVER. Catalogs are loaded into the
 * source with psql, as their READMEs say.
 */
final class DebianServers {

    static final String SOURCE = "DUCKMESH_TEST_SOURCE_SERVER";
    static final String VERIFICATION = "DUCKMESH_TEST_VERIFICATION_SERVER";

    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofMinutes(5));
    private final String sourceUrl = System.getenv(SOURCE);
    private final String verificationUrl = System.getenv(VERIFICATION);

    static Path realworld() {
        return Path.of(Optional.ofNullable(System.getProperty("drill.realworld.dir")).orElse("../shared/realworld"));
    }

    /** Why the servers cannot be used, or empty. */
    static Optional<String> problem() {
        for (String variable : List.of(SOURCE, VERIFICATION)) {
            String url = System.getenv(variable);
            if (url == null || url.isBlank()) {
                return Optional.of(variable + " is not set");
            }
            try (Connection connection = new PgSessions(Duration.ofSeconds(5), Duration.ofSeconds(10)).openReadOnly(endpoint(url))) {
                connection.isValid(5);
            } catch (SQLException | RuntimeException unreachable) {
                return Optional.of(variable + "=" + url + " does not answer (" + unreachable.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    private static PgEndpoint endpoint(String url) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        return new PgEndpoint(parsed.host(), parsed.port(), parsed.database(), "postgres", Optional.empty());
    }

    PgEndpoint sourceAdmin() {
        return endpoint(sourceUrl);
    }

    PgEndpoint sourceDatabase(String database) {
        PgEndpoint admin = sourceAdmin();
        return new PgEndpoint(admin.host(), admin.port(), database, "postgres", Optional.empty());
    }

    String sourceUrl(String database) {
        PgEndpoint admin = sourceAdmin();
        return "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/" + database;
    }

    /** A drill of {@code database} on the source, restored onto the verification server, with no profile of its own. */
    DrillRun drill(Path work, String database, Path profile) {
        PgEndpoint admin = sourceAdmin();
        return DrillRun.in(work).with("drill.target", "server")
                .with("drill.source.url", "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/" + database)
                .with("drill.source.user", "postgres")
                .with("drill.restore.url", verificationUrl).with("drill.restore.user", "postgres")
                .with("drill.profile", profile.toString());
    }

    /** Drops {@code database} on the source if it is there and creates it empty (or from {@code template}). */
    void recreate(String database, Optional<String> template) throws SQLException {
        dropSubscriptions(database);
        try (Connection connection = sessions.openWritable(sourceAdmin()); Statement statement = connection.createStatement()) {
            String quoted = "\"" + database.replace("\"", "\"\"") + "\"";
            statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + quoted
                    + template.map(t -> " TEMPLATE \"" + t.replace("\"", "\"\"") + "\"").orElse(""));
        }
    }

    void drop(String database) throws SQLException {
        dropSubscriptions(database);
        try (Connection connection = sessions.openWritable(sourceAdmin()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\" WITH (FORCE)");
        }
    }

    /** DROP DATABASE refuses a database with subscriptions (the catalog of every kind has one). */
    private void dropSubscriptions(String database) throws SQLException {
        boolean exists;
        try (Connection connection = sessions.openReadOnly(sourceAdmin());
             java.sql.PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                exists = rs.next();
            }
        }
        if (exists) {
            execute(database, io.duckmesh.drill.target.ThrowawayDatabases.DROP_SUBSCRIPTIONS);
        }
    }

    /** Runs psql on the source database with ON_ERROR_STOP, the given variables and files, in {@code folder}. */
    void psql(String database, Path folder, List<String> variables, List<String> files) throws IOException, InterruptedException {
        PgEndpoint admin = sourceAdmin();
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-h", admin.host(), "-p", Integer.toString(admin.port()),
                "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1"));
        variables.forEach(v -> command.addAll(List.of("-v", v)));
        files.forEach(f -> command.addAll(List.of("-f", f)));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("Loading " + files + " from " + folder + " into " + database + " failed: "
                    + new String(output, StandardCharsets.UTF_8).lines().filter(l -> l.contains("ERROR")).findFirst().orElse("(no error line)"));
        }
    }

    /** pg_dump -Fc of a source database into {@code file}, replacing it. */
    void dump(String database, Path file) throws IOException, InterruptedException {
        PgEndpoint admin = sourceAdmin();
        Process process = new ProcessBuilder("pg_dump", "-Fc", "-h", admin.host(), "-p", Integer.toString(admin.port()), "-U", "postgres",
                "-d", database, "-f", file.toString()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pg_dump of " + database + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    void executeOnVerification(String sql) throws SQLException {
        try (Connection connection = sessions.openWritable(endpoint(verificationUrl)); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection connection = sessions.openWritable(sourceDatabase(database)); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
