package io.duckmesh.drill.inspect;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists every schema object of the drilled schemas with its definition, from PostgreSQL's own
 * deparsers (pg_get_indexdef, pg_get_viewdef, pg_get_functiondef, ...), so two catalogs compare
 * exactly, object by object.
 */
public final class SchemaInventory {

    private final List<String> schemas;

    public SchemaInventory(List<String> schemas) {
        this.schemas = List.copyOf(schemas);
    }

    /** Roles that own objects in the drilled schemas or hold privileges on them. */
    public List<String> roles(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResource.load("roles.sql"))) {
            Array schemaArray = connection.createArrayOf("text", schemas.toArray());
            statement.setArray(1, schemaArray);
            statement.setArray(2, schemaArray);
            List<String> roles = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            return roles;
        }
    }

    public List<SchemaObject> objects(Connection connection) throws SQLException {
        return query(connection, SqlResource.load("schema-inventory.sql"));
    }

    /** The objects of the given kinds only (PostgreSQL leaves out the inventory's other branches). */
    public List<SchemaObject> objects(Connection connection, List<String> kinds) throws SQLException {
        String inventory = SqlResource.load("schema-inventory.sql");
        String unordered = inventory.substring(0, inventory.lastIndexOf("ORDER BY 1, 2, 3"));
        String quoted = kinds.stream().map(kind -> "'" + kind.replace("'", "''") + "'").collect(java.util.stream.Collectors.joining(", "));
        return query(connection, "SELECT * FROM (" + unordered + ") inventory WHERE kind IN (" + quoted + ") ORDER BY 1, 2, 3");
    }

    private List<SchemaObject> query(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array schemaArray = connection.createArrayOf("text", schemas.toArray());
            statement.setArray(1, schemaArray);
            statement.setArray(2, schemaArray);
            List<SchemaObject> objects = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    objects.add(new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3)));
                }
            }
            return objects;
        }
    }
}
