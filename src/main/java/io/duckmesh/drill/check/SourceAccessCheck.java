package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source role can read every table the drill dumps and checksums: otherwise pg_dump would stop
 * halfway with "permission denied". Found in Preflight, with every such table named at once.
 */
public final class SourceAccessCheck {

    public CheckResult check(Connection connection, String role, List<TableInfo> tables) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT has_table_privilege(?::regclass, 'SELECT')")) {
            for (TableInfo table : tables) {
                statement.setString(1, table.table().quoted());
                boolean readable;
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    readable = rs.getBoolean(1);
                }
                rows.add(List.of(table.table().toString(), readable ? "yes" : "NO"));
                if (!readable) {
                    findings.add(Finding.restoredOnly(table.table().toString(), "the source role " + role + " cannot read it",
                            "SELECT", "no privilege"));
                }
            }
        }
        return new CheckResult("source access", tables.size() + " tables", findings,
                "pg_dump would fail on these tables. GRANT SELECT on them to " + role + " (or GRANT pg_read_all_data TO " + role
                        + "), or drill another role with drill.source.user.", "needed  ", "has     ",
                new EvidenceTable("source access", List.of("table", "readable by " + role), rows));
    }
}
