package io.duckmesh.drill.target;

import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The role pg_restore runs as on a server the drill owns: one of the run's own, LOGIN without a
 * password (the drill's servers trust their local connections), not a superuser, unable to create
 * databases or roles, owner of the throwaway database so that it can create its schemas and the
 * extensions the server trusts. It bypasses row security because pg_dump's script sets row_security
 * off, which fails for any other role on a table that forces row security; on a server holding only
 * the throwaway database that gives it nothing more. While pg_restore runs it may create in every
 * tablespace of the server (the backup's, restored from its globals); when it ends each tablespace's
 * privileges are put back exactly as they were, so that the globals compare as restored.
 *
 * @param endpoint        the throwaway database, reached as the role
 * @param tablespaceAcls  each tablespace's privileges before the role was given CREATE on it (null: the default)
 */
record RestoreRole(PgEndpoint endpoint, Map<String, String> tablespaceAcls) {

    /** drill_restore_&lt;run&gt;, in the characters an unquoted role name may hold. */
    static String name(String runId) {
        String name = "drill_restore_" + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.substring(0, Math.min(name.length(), 63));
    }

    /** Creates {@code role} on the server {@code admin} reaches and gives it {@code database}. */
    static RestoreRole create(PgSessions sessions, PgEndpoint admin, PgEndpoint database, String role) throws SQLException {
        Map<String, String> acls = new LinkedHashMap<>();
        try (Connection connection = sessions.openWritable(admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + TableRef.quote(role)
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS");
            statement.execute("ALTER DATABASE " + TableRef.quote(database.database()) + " OWNER TO " + TableRef.quote(role));
            try (ResultSet rs = statement.executeQuery("SELECT spcname, spcacl::text FROM pg_catalog.pg_tablespace"
                    + " WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY spcname")) {
                while (rs.next()) {
                    acls.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String tablespace : acls.keySet()) {
                statement.execute("GRANT CREATE ON TABLESPACE " + TableRef.quote(tablespace) + " TO " + TableRef.quote(role));
            }
        }
        return new RestoreRole(new PgEndpoint(database.host(), database.port(), database.database(), role, Optional.empty()),
                Collections.unmodifiableMap(acls));
    }

    /** Once pg_restore has ended: every tablespace's privileges as they were before (a revoke would leave the owner's spelt out). */
    void restoreEnded(PgSessions sessions, PgEndpoint admin) throws SQLException {
        try (Connection connection = sessions.openWritable(admin);
             PreparedStatement put = connection.prepareStatement("UPDATE pg_catalog.pg_tablespace SET spcacl = ?::aclitem[]"
                     + " WHERE spcname = ?")) {
            for (Map.Entry<String, String> tablespace : tablespaceAcls.entrySet()) {
                put.setString(1, tablespace.getValue());
                put.setString(2, tablespace.getKey());
                put.executeUpdate();
            }
        }
    }

    /** Drops {@code role} once its database is gone; a role another database still depends on is left, named. */
    static void drop(PgSessions sessions, PgEndpoint admin, String role) throws SQLException {
        try (Connection connection = sessions.openWritable(admin);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP ROLE " + TableRef.quote(role));
            } catch (SQLException depended) {
                throw new SQLException("Cannot drop the drill's restore role " + role + " on " + admin.host() + ":" + admin.port() + ": "
                        + depended.getMessage() + ". Drop what it still owns (DROP OWNED BY " + TableRef.quote(role) + ") and the role.",
                        depended.getSQLState(), depended);
            }
        }
    }
}
