package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.util.List;

/**
 * The throwaway database inside the drill's container, beside the source fixture. Dropped (after
 * its marker is checked) when closed; the container itself is stopped by whoever started it.
 */
public final class ContainerRestoreTarget implements RestoreTarget {

    private final ContainerServer server;
    private final ServerRestoreTarget database;
    private final PgSessions sessions;
    private RestoreRole role;

    public ContainerRestoreTarget(ContainerServer server, PgSessions sessions, String runId) {
        this.server = server;
        this.sessions = sessions;
        this.database = new ServerRestoreTarget(server.endpoint("postgres"), sessions, runId);
    }

    @Override
    public PgEndpoint create(String name, String marker) throws Exception {
        return database.create(name, marker);
    }

    @Override
    public List<String> createRoles(List<String> roles) throws Exception {
        return Roles.createMissing(sessions, server.endpoint("postgres"), roles);
    }

    /** The role outlives the database in a container that may be reused: it is dropped after the database, when closed. */
    @Override
    public java.util.Optional<PgEndpoint> restoreRole(PgEndpoint target, String runId) throws Exception {
        role = RestoreRole.create(sessions, server.endpoint("postgres"), target, RestoreRole.name(runId));
        return java.util.Optional.of(role.endpoint());
    }

    @Override
    public void restoreEnded() throws Exception {
        if (role != null) {
            role.restoreEnded(sessions, server.endpoint("postgres"));
        }
    }

    @Override
    public String describe() {
        return server.toString();
    }

    @Override
    public void close() throws Exception {
        database.close();
        if (role != null) {
            RestoreRole.drop(sessions, server.endpoint("postgres"), role.endpoint().user());
            role = null;
        }
    }
}
