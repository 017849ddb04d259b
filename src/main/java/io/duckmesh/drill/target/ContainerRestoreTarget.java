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

    @Override
    public String describe() {
        return server.toString();
    }

    @Override
    public void close() throws Exception {
        database.close();
    }
}
