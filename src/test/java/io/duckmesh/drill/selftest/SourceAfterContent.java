package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Runs between ContentParity (50) and MigrationParity (60) and executes the SQL in {@value #PARAMETER} on the source, as a
 * migration deployed during a nightly drill would (with a lock_timeout, it fails if the drill still
 * holds a lock on the table).
 */
@Order(55)
class SourceAfterContent extends SqlFault {

    static final String PARAMETER = "selftest.source.after-content-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.source().endpoint();
    }
}
