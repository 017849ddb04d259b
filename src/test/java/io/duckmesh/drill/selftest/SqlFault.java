package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.stages.DrillExtension;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Self-test only: a class that runs between two stages (its {@code @Order} says where) and executes
 * the SQL held in one configuration parameter against one database of the drill. Does nothing when
 * the parameter is not set.
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
abstract class SqlFault {

    /** The configuration parameter holding the SQL. */
    abstract String parameter();

    /** The database the SQL runs in. */
    abstract PgEndpoint database(DrillContext drill);

    @Test
    void injectTheFault(DrillContext drill, ExtensionContext context) throws Exception {
        String sql = context.getConfigurationParameter(parameter()).orElse("");
        if (sql.isEmpty()) {
            return;
        }
        try (Connection connection = drill.sessions().openWritable(database(drill));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
