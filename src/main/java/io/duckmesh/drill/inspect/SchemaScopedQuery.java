package io.duckmesh.drill.inspect;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An inventory query limited to the drilled schemas: its first two parameters are the schema list
 * (as a text array, bound twice), any further ones the given arrays; each row mapped to one value.
 */
final class SchemaScopedQuery {

    /** Maps one row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private SchemaScopedQuery() {
    }

    static <T> List<T> list(Connection connection, String sql, List<String> schemas, RowMapper<T> mapper, List<?>... moreArrays)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array schemaArray = connection.createArrayOf("text", schemas.toArray());
            statement.setArray(1, schemaArray);
            statement.setArray(2, schemaArray);
            for (int i = 0; i < moreArrays.length; i++) {
                statement.setArray(3 + i, connection.createArrayOf("text", moreArrays[i].toArray()));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }
}
