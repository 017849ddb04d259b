package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Damages the restored database after the parity stages (65) with the SQL in {@value #PARAMETER},
 * as physical corruption would, which no logical comparison sees: only RelationalConsistency's
 * amcheck can.
 */
@Order(65)
class LateRestoredDamage extends SqlFault {

    static final String PARAMETER = "selftest.fault.restored-late-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.restored();
    }
}
