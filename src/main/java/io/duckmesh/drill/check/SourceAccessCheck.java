package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source role can read every table the drill dumps and checksums, and no row-level security
 * policy hides rows from it: otherwise pg_dump would stop halfway with "permission denied" or
 * "query would be affected by row-level security policy" (pg_dump, like every drill session, runs
 * with row_security=off, so a policy never silently shortens a table). Found in Preflight, with
 * every such table named at once.
 */
public final class SourceAccessCheck {

    /** Whether the role can SELECT the table, and whether its policies would apply to the role. */
    private static final String ACCESS = "SELECT has_table_privilege(?::regclass, 'SELECT'),"
            + " c.relrowsecurity AND NOT r.rolsuper AND NOT r.rolbypassrls"
            + " AND (c.relforcerowsecurity OR NOT pg_has_role(current_user, c.relowner, 'USAGE'))"
            + " FROM pg_class c, pg_roles r WHERE c.oid = ?::regclass AND r.rolname = current_user";

    public CheckResult check(Connection connection, String role, List<TableInfo> tables) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ACCESS)) {
            for (TableInfo table : tables) {
                statement.setString(1, table.table().quoted());
                statement.setString(2, table.table().quoted());
                boolean readable;
                boolean policiesApply;
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    readable = rs.getBoolean(1);
                    policiesApply = rs.getBoolean(2);
                }
                rows.add(List.of(table.table().toString(), readable ? "yes" : "NO", policiesApply ? "YES" : "no"));
                if (!readable) {
                    findings.add(Finding.restoredOnly(Finding.Code.SOURCE_TABLE_UNREADABLE, table.table().toString(), "the source role " + role + " cannot read it",
                            "SELECT", "no privilege"));
                }
                if (readable && policiesApply) {
                    findings.add(Finding.restoredOnly(Finding.Code.SOURCE_ROW_SECURITY_APPLIES, table.table().toString(), "row-level security policies apply to the source role "
                            + role + ", so pg_dump cannot read all of its rows", "BYPASSRLS, or the table's owner", "neither"));
                }
            }
        }
        return new CheckResult("source access", tables.size() + " tables", findings,
                "pg_dump would fail on these tables. GRANT SELECT on them to " + role + " (or GRANT pg_read_all_data TO " + role
                        + "); where row-level security applies, ALTER ROLE " + role + " BYPASSRLS (as a superuser); or drill another"
                        + " role with drill.source.user.", "needed  ", "has     ",
                new EvidenceTable("source access", List.of("table", "readable by " + role, "row-level security applies"), rows));
    }
}
