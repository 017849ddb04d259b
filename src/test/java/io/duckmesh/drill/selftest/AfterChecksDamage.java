package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Damages the restored database after RelationalConsistency (75), with the SQL in
 * {@value #PARAMETER}, so that only duckmesh's integrity run (stage 80) is left to see it.
 */
@Order(75)
class AfterChecksDamage extends SqlFault {

    static final String PARAMETER = "selftest.fault.restored-after-checks-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.restored();
    }
}
