package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A second embedded PostgreSQL, started for this drill and stopped (data folder deleted) when closed. */
public final class EmbeddedRestoreTarget implements RestoreTarget {

    private final EmbeddedServer server;
    private final PgSessions sessions;
    private final PrivateFolder folder = PrivateFolder.create("drill-restore-");
    private RestoreRole role;

    /** @param binaries zonky's binaries jar of another major for an upgrade rehearsal; empty: the classpath's (the source's) */
    public EmbeddedRestoreTarget(PgSessions sessions, Duration startupWait, Optional<Path> binaries) {
        this.sessions = sessions;
        this.server = binaries.map(jar -> EmbeddedServer.start("restore target", startupWait, jar))
                .orElseGet(() -> EmbeddedServer.start("restore target", startupWait));
    }

    @Override
    public PgEndpoint create(String database, String marker) throws Exception {
        try (Connection admin = sessions.openWritable(server.endpoint("postgres"))) {
            new ThrowawayDatabases(admin).create(database, marker);
        }
        return server.endpoint(database);
    }

    @Override
    public List<String> createRoles(List<String> roles) throws Exception {
        return Roles.createMissing(sessions, server.endpoint("postgres"), roles);
    }

    /** The role is the server's: it goes with the server, whose data folder is deleted when closed. */
    @Override
    public Optional<PgEndpoint> restoreRole(PgEndpoint database, String runId) throws Exception {
        role = RestoreRole.create(sessions, server.endpoint("postgres"), database, RestoreRole.name(runId));
        return Optional.of(role.endpoint());
    }

    @Override
    public void restoreEnded() throws Exception {
        if (role != null) {
            role.restoreEnded(sessions, server.endpoint("postgres"));
        }
    }

    @Override
    public Optional<GlobalsHome> globalsHome() {
        return Optional.of(new GlobalsHome(server.endpoint("postgres"), folder.path(), describe()));
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on port " + server.endpoint("postgres").port();
    }

    @Override
    public void close() {
        try (folder) {
            server.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
