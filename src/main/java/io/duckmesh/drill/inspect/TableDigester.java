package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Computes {@link TableDigest}s inside PostgreSQL, one scan per table giving count and checksum
 * together; no row reaches the JVM. The row text depends on the session's TimeZone, DateStyle,
 * IntervalStyle and extra_float_digits, which {@code PgSessions} fixes for every session.
 */
public final class TableDigester {

    static String digestQuery(TableRef table) {
        return "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0)::text"
                + " FROM " + table.quoted() + " t";
    }

    public TableDigest digest(Connection connection, TableInfo table) throws SQLException {
        if (!table.populated()) {
            return new TableDigest(table.table().schema(), table.table().name(), 0, false, "");
        }
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(digestQuery(table.table()))) {
            rs.next();
            return new TableDigest(table.table().schema(), table.table().name(), rs.getLong(1), true, rs.getString(2));
        }
    }
}
