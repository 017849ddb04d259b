package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        return SchemaScopedQuery.list(connection, SqlResource.load("roles.sql"), schemas, rs -> rs.getString(1));
    }

    public List<SchemaObject> objects(Connection connection) throws SQLException {
        return SchemaScopedQuery.list(connection, SqlResource.load("schema-inventory.sql"), schemas, SchemaInventory::object);
    }

    /** The objects of the given kinds only (PostgreSQL leaves out the inventory's other branches). */
    public List<SchemaObject> objects(Connection connection, List<String> kinds) throws SQLException {
        String inventory = SqlResource.load("schema-inventory.sql");
        String unordered = inventory.substring(0, inventory.lastIndexOf("ORDER BY 1, 2, 3"));
        return SchemaScopedQuery.list(connection, "SELECT * FROM (" + unordered + ") inventory WHERE kind = ANY (?) ORDER BY 1, 2, 3",
                schemas, SchemaInventory::object, kinds);
    }

    private static SchemaObject object(ResultSet rs) throws SQLException {
        return new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3));
    }
}
