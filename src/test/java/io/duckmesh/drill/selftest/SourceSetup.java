package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import org.junit.jupiter.api.Order;

/**
 * Runs after Preflight loaded the source and before Backup, and changes the source with the SQL in
 * {@value #PARAMETER}: roles, grants and owners a real catalog has, or a fault the catalog itself
 * carries (an orphan behind a NOT VALID key, a broken invariant). The only writer to a source, and
 * only in self-tests.
 */
@Order(5)
class SourceSetup extends SqlFault {

    static final String PARAMETER = "selftest.source-sql";

    @Override
    String parameter() {
        return PARAMETER;
    }

    @Override
    PgEndpoint database(DrillContext drill) {
        return drill.source().endpoint();
    }
}
