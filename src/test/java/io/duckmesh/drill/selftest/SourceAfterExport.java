package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Order;

/**
 * Self-test only: runs before Backup and asks it to execute the SQL in {@value #PARAMETER} on the
 * source right after it exports the snapshot and before the backup locks any table, as a migration
 * committing in that window would. Does nothing when the parameter is not set.
 */
@Order(6)
class SourceAfterExport extends ParameterFault {

    static final String PARAMETER = "selftest.source.after-export-sql";

    SourceAfterExport() {
        super(PARAMETER);
    }

    @Override
    void inject(DrillContext drill, String sql) {
        drill.afterSnapshotExport(() -> {
            try (Connection connection = drill.sessions().openWritable(drill.source().endpoint());
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException failed) {
                throw new IllegalStateException("The self-test's DDL after the snapshot's export failed: " + failed.getMessage(), failed);
            }
        });
    }
}
