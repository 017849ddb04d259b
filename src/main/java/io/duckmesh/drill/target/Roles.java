package io.duckmesh.drill.target;

import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Creates the source's roles that a server the drill owns lacks, as NOLOGIN roles, so owners and grants restore. */
final class Roles {

    private Roles() {
    }

    /** Connects to {@code admin} (a database of the server the drill owns) and creates the missing roles there. */
    static List<String> createMissing(PgSessions sessions, PgEndpoint admin, List<String> roles) throws SQLException {
        try (Connection connection = sessions.openWritable(admin)) {
            return createMissing(connection, roles);
        }
    }

    static List<String> createMissing(Connection admin, List<String> roles) throws SQLException {
        List<String> created = new ArrayList<>();
        try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?");
             Statement create = admin.createStatement()) {
            for (String role : roles) {
                exists.setString(1, role);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                create.execute("CREATE ROLE " + TableRef.quote(role) + " NOLOGIN");
                created.add(role);
            }
        }
        return created;
    }
}
