package io.duckmesh.drill.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The extensions a restore server has installed, and those of them it trusts in their default version
 * (the one CREATE EXTENSION without VERSION, as pg_dump writes it, installs): a trusted extension may be
 * created by a role with CREATE on the database, any other only by a superuser.
 */
public record TrustedExtensions(Set<String> trusted, Set<String> available) {

    public static TrustedExtensions of(Connection server) throws SQLException {
        Set<String> trusted = new HashSet<>();
        Set<String> available = new HashSet<>();
        try (Statement statement = server.createStatement(); ResultSet rs = statement.executeQuery("SELECT a.name, coalesce(bool_or(v.trusted),"
                + " false) FROM pg_available_extensions a LEFT JOIN pg_available_extension_versions v ON v.name = a.name"
                + " AND v.version = a.default_version GROUP BY a.name")) {
            while (rs.next()) {
                available.add(rs.getString(1));
                if (rs.getBoolean(2)) {
                    trusted.add(rs.getString(1));
                }
            }
        }
        return new TrustedExtensions(Set.copyOf(trusted), Set.copyOf(available));
    }
}
