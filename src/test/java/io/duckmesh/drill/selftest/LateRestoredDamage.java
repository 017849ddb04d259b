package io.duckmesh.drill.selftest;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.stages.DrillExtension;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Self-test only: damages the restored database after the parity stages (65), as physical
 * corruption would, which no logical comparison sees: only RelationalConsistency's amcheck can.
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
@Order(65)
class LateRestoredDamage {

    static final String PARAMETER = "selftest.fault.restored-late-sql";

    @Test
    void damageTheRestoredDatabaseLate(DrillContext drill, ExtensionContext context) throws Exception {
        String sql = context.getConfigurationParameter(PARAMETER).orElse("");
        if (sql.isEmpty()) {
            return;
        }
        try (Connection restored = drill.sessions().openWritable(drill.restored());
             Statement statement = restored.createStatement()) {
            statement.execute(sql);
        }
    }
}
