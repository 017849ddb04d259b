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
 * Self-test only: runs after Preflight loaded the source and before Backup, and changes the source
 * with the SQL in {@value #PARAMETER}, to give it what a real catalog has (roles, grants, owners).
 * This is the only writer to a source, and only in self-tests.
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
@Order(5)
class SourceSetup {

    static final String PARAMETER = "selftest.source-sql";

    @Test
    void prepareTheSource(DrillContext drill, ExtensionContext context) throws Exception {
        String sql = context.getConfigurationParameter(PARAMETER).orElse("");
        if (sql.isEmpty()) {
            return;
        }
        try (Connection source = drill.sessions().openWritable(drill.source().endpoint());
             Statement statement = source.createStatement()) {
            statement.execute(sql);
        }
    }
}
