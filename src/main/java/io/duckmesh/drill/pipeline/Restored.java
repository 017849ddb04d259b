package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.GlobalsRestore;
import java.util.Optional;

/**
 * What 20 Restore leaves: the restored database, pg_restore's result, and the digests taken while it
 * ran (empty without manifest checksums or when none were taken), for 40 RowCountParity to use if
 * nothing wrote to the restore server since; and, under drill.globals on a restore server the drill owns
 * alone, how the backup's globals were restored onto it before the dump.
 */
public record Restored(PgEndpoint endpoint, CommandResult result, Optional<DigestsTaken> digestsTaken,
                       Optional<GlobalsRestore.Restored> globals) {

    /** The same restore, with the digests (and the write mark they are valid up to) replaced. */
    public Restored with(DigestsTaken taken) {
        return new Restored(endpoint, result, Optional.of(taken), globals);
    }
}
