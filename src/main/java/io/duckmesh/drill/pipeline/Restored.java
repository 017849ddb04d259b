package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.GlobalsRestore;
import java.util.Optional;

/**
 * What 20 Restore leaves: the restored database (reached as the drill's own user), pg_restore's result,
 * how the copy's owners and privileges are proven, the run's role pg_restore ran as (empty: as the drill's
 * own user), and the digests taken while it ran (empty without
 * manifest checksums or when none were taken), for 40 RowCountParity to use if nothing wrote to the
 * restore server since; and, under drill.globals on a restore server the drill owns alone, how the
 * backup's globals were restored onto it before the dump.
 */
public record Restored(PgEndpoint endpoint, CommandResult result, Owners owners, Optional<String> restoreRole,
                       Optional<DigestsTaken> digestsTaken, Optional<GlobalsRestore.Restored> globals) {

    /** How 30 SchemaParity proves the backup's owners and privileges. */
    public enum Owners {
        /** pg_restore restored them (as a superuser, drill.restore.allow-superuser=true): compared on the restored copy. */
        RESTORED,
        /** pg_restore ran with --no-owner --no-privileges: the archive's own entries are replayed on the copy and rolled back. */
        FROM_THE_ARCHIVE,
        /** drill.schema.ignore-ownership=true. */
        NOT_COMPARED
    }

    /** The same restore, with the digests (and the write mark they are valid up to) replaced. */
    public Restored with(DigestsTaken taken) {
        return new Restored(endpoint, result, owners, restoreRole, Optional.of(taken), globals);
    }
}
