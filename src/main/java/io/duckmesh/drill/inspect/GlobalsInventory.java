package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's globals as objects (globals-inventory.sql): roles with their attributes, memberships,
 * role settings and tablespaces. They live outside every database, so any database of the server
 * shows them; no password is ever read.
 */
public final class GlobalsInventory {

    public static final String ROLE = "role";
    /** INHERIT and SET of a membership: PostgreSQL 16+ only. */
    public static final String MEMBERSHIP_OPTION = "role membership option";

    public List<SchemaObject> objects(Connection connection) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SqlResource.load("globals-inventory.sql"))) {
            while (rs.next()) {
                objects.add(new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return objects;
    }

    /** The roles' names, quoted as the inventory names them. */
    public static List<String> roles(List<SchemaObject> globals) {
        return globals.stream().filter(o -> o.kind().equals(ROLE)).map(SchemaObject::name).toList();
    }
}
