package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Runs between Backup (10) and Restore (20) and executes the SQL in {@value #PARAMETER} on the source, as a
 * migration deployed during a nightly drill would (with a lock_timeout, it fails if the drill still
 * holds a lock on the table).
 */
@Order(15)
class SourceAfterBackup extends SqlFault {

    static final String PARAMETER = "selftest.source.after-backup-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.source().endpoint();
    }
}
