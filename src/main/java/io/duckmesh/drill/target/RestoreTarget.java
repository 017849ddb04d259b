package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import java.util.List;

/**
 * Where the drill restores: a new, empty database it creates and, when closed, removes. The same
 * stages run whatever the target is.
 */
public interface RestoreTarget extends AutoCloseable {

    /** Creates the throwaway database, marked as this run's, and returns how to reach it. */
    PgEndpoint create(String database, String marker) throws Exception;

    /**
     * Creates the roles among {@code roles} that the target server lacks (NOLOGIN), so owners and
     * grants restore; returns the ones it created. Only servers the drill owns support it.
     */
    List<String> createRoles(List<String> roles) throws Exception;

    /**
     * A role of this run's that is not a superuser, made owner of {@code database}, for pg_restore to run as
     * (see RestoreRole); empty where the drill does not own the server (drill.target=server restores as
     * drill.restore.user, and Preflight warns when that is a superuser).
     */
    default java.util.Optional<PgEndpoint> restoreRole(PgEndpoint database, String runId) throws Exception {
        return java.util.Optional.empty();
    }

    /** Once pg_restore has ended, whether it succeeded or not: what {@link #restoreRole} lent the role for it is taken back. */
    default void restoreEnded() throws Exception {
    }

    /**
     * Where the backup's globals may be restored: the target's own server where the drill started it
     * for itself alone (embedded); empty where it is shared or holds the source (server, container).
     */
    default java.util.Optional<GlobalsHome> globalsHome() {
        return java.util.Optional.empty();
    }

    /** What the target is, for messages ("embedded PostgreSQL on port 41234"). */
    String describe();

    /** Drops the throwaway database (after checking its marker) or stops the server the drill started. */
    @Override
    void close() throws Exception;
}
