package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Runs between Restore (20) and the checks, and damages the restored database with the SQL in
 * {@value #PARAMETER}, as a faulty restore would.
 */
@Order(25)
class RestoredDamage extends SqlFault {

    static final String PARAMETER = "selftest.fault.restored-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.restored();
    }
}
