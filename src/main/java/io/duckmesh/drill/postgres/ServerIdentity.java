package io.duckmesh.drill.postgres;

import io.duckmesh.drill.postgres.PgEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Who a server really is: its system identifier (from pg_control, the same however the server is
 * reached) and the database's OID. URLs are compared by these, never as strings.
 */
public record ServerIdentity(long systemIdentifier, String database, long databaseOid, int serverVersionNum) {

    public static ServerIdentity of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT system_identifier FROM pg_control_system()),"
                     + " current_database(), (SELECT oid FROM pg_database WHERE datname = current_database())::bigint,"
                     + " current_setting('server_version_num')::int")) {
            rs.next();
            return new ServerIdentity(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4));
        }
    }

    public boolean sameServer(ServerIdentity other) {
        return systemIdentifier == other.systemIdentifier;
    }

    /** The guard message when the restore server is the source's. */
    public static String sameServerRefusal(PgEndpoint source, PgEndpoint restore, ServerIdentity identity) {
        return String.format("drill.restore.url reaches the source's own server: %s and %s share system identifier %d."
                        + " The drill refuses to restore onto the server it backs up; point drill.restore.url at a"
                        + " verification server, or set drill.restore.same-server=true if this is intended.",
                restore.withDatabase(restore.database()), source, identity.systemIdentifier());
    }
}
