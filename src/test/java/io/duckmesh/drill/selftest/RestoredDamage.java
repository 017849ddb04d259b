package io.duckmesh.drill.selftest;

import io.duckmesh.drill.DrillContext;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.duckmesh.drill.stages.DrillExtension;

/**
 * Self-test only: runs between Restore (20) and the checks, and damages the restored database with
 * the SQL in the configuration parameter {@value #PARAMETER}, as a faulty restore would.
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
@Order(25)
class RestoredDamage {

    static final String PARAMETER = "selftest.fault.restored-sql";

    @Test
    void damageTheRestoredDatabase(DrillContext drill, ExtensionContext context) throws Exception {
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
