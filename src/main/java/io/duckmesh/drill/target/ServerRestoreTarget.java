package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.util.List;

/**
 * A verification server the drill does not own: it creates one marked database there and, when
 * closed, drops that database only, after checking the marker names this run.
 */
public final class ServerRestoreTarget implements RestoreTarget {

    private final PgEndpoint admin;
    private final PgSessions sessions;
    private final String runId;
    private String created;

    public ServerRestoreTarget(PgEndpoint admin, PgSessions sessions, String runId) {
        this.admin = admin;
        this.sessions = sessions;
        this.runId = runId;
    }

    @Override
    public PgEndpoint create(String database, String marker) throws Exception {
        try (Connection connection = sessions.openWritable(admin)) {
            new ThrowawayDatabases(connection).create(database, marker);
        }
        created = database;
        return admin.withDatabase(database);
    }

    /** The verification server's roles are not the drill's to create: it restores there without owners. */
    @Override
    public List<String> createRoles(List<String> roles) {
        throw new IllegalStateException("The drill does not create roles on the verification server " + describe()
                + "; drill.target=server restores with --no-owner --no-privileges");
    }

    @Override
    public String describe() {
        return "verification server " + admin.host() + ":" + admin.port();
    }

    @Override
    public void close() throws Exception {
        if (created == null) {
            return;
        }
        try (Connection connection = sessions.openWritable(admin)) {
            new ThrowawayDatabases(connection, database -> sessions.openWritable(admin.withDatabase(database))).drop(created, runId);
        }
        created = null;
    }

    @Override
    public String toString() {
        return describe() + (created == null ? "" : ", database " + created);
    }
}
