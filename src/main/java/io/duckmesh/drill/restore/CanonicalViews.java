package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The source's view definitions as the restore server prints them. A newer PostgreSQL major prints the
 * same query differently (16 stopped qualifying the columns of a one-table query), so a view restored
 * into it is compared with the source's definition created there again, as a temporary view, and read
 * back. A view the restore changed still differs; one it kept prints the same.
 * <p>
 * The definitions come from the manifest, which for an existing backup anyone may have edited, so they
 * run in a transaction that is rolled back, inside PL/pgSQL (no transaction command can end it), as a
 * role created in that transaction that owns nothing and may read no table: a definition can do no more
 * than fail.
 */
public final class CanonicalViews {

    /** The kinds whose definition is a view's query (pg_get_viewdef). */
    public static final List<String> KINDS = List.of("view", "materialized view");

    /** What the replay gave: each view's definition as the restore server prints it, and those it could not create. */
    public record Printed(Map<String, String> definitions, Map<String, String> failed) {
    }

    /** @param views the source's objects of {@link #KINDS}, by label */
    public Printed print(Connection restored, List<SchemaObject> views) throws SQLException {
        Map<String, String> printed = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        if (views.isEmpty()) {
            return new Printed(printed, failed);
        }
        boolean autoCommit = restored.getAutoCommit();
        restored.setAutoCommit(false);
        try (Statement statement = restored.createStatement()) {
            statement.execute("CREATE FUNCTION pg_temp.drill_print_view(view_name text, definition text) RETURNS text"
                    + " LANGUAGE plpgsql AS $body$ BEGIN"
                    + " EXECUTE format('CREATE TEMPORARY VIEW %I AS ', view_name) || definition;"
                    + " RETURN pg_get_viewdef(format('pg_temp.%I', view_name)::regclass); END $body$");
            restrict(restored, statement);
            try (PreparedStatement print = restored.prepareStatement("SELECT pg_temp.drill_print_view(?, ?)")) {
                int n = 0;
                for (SchemaObject view : views) {
                    Savepoint before = restored.setSavepoint();
                    print.setString(1, "drill_view_" + (++n));
                    print.setString(2, view.definition());
                    try (ResultSet rs = print.executeQuery()) {
                        rs.next();
                        printed.put(view.label(), rs.getString(1));
                        restored.releaseSavepoint(before);
                    } catch (SQLException refused) {
                        restored.rollback(before);
                        failed.put(view.label(), refused.getMessage());
                    }
                }
            }
        } finally {
            restored.rollback();
            restored.setAutoCommit(autoCommit);
        }
        return new Printed(printed, failed);
    }

    /**
     * Runs the rest of the transaction as a new role without privileges but USAGE on the schemas and TEMP on
     * the database (a view can be created over tables its creator may not read). Where the drill's role may
     * not create roles (a verification server's non-superuser), it stays itself, which then is no superuser.
     */
    private static void restrict(Connection restored, Statement statement) throws SQLException {
        String role = "drill_print_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Savepoint before = restored.setSavepoint();
        try {
            statement.execute("CREATE ROLE " + role + " NOLOGIN");
        } catch (SQLException mayNotCreateRoles) {
            restored.rollback(before);
            return;
        }
        List<String> grants = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT format('GRANT USAGE ON SCHEMA %I TO " + role + "', nspname) FROM pg_namespace"
                + " UNION ALL SELECT format('GRANT TEMPORARY ON DATABASE %I TO " + role + "', current_database())")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        for (String grant : grants) {
            statement.execute(grant);
        }
        statement.execute("SET LOCAL ROLE " + role);
    }
}
