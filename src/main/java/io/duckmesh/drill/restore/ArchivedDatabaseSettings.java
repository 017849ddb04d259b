package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.inspect.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database settings a backup carries (ALTER DATABASE ... SET and ALTER ROLE ... IN DATABASE ...
 * SET, in its DATABASE PROPERTIES, which pg_restore applies only with --create): read from the
 * archive's own script, replayed on the restored copy under its name in a transaction that is rolled
 * back, and listed as SchemaParity lists the source's, so a backup that lost one is caught on every
 * target.
 */
public final class ArchivedDatabaseSettings {

    /** The settings as replayed, and the archive's statements the restored copy refused (with PostgreSQL's error). */
    public record Replayed(List<SchemaObject> settings, List<String> failed) {
    }

    /**
     * Replays the setting statements of {@code createScript} (pg_restore --create's script of the
     * archive), written for the database its CREATE DATABASE names ({@code sourceDatabase} if none),
     * on the database {@code restored} is connected to.
     */
    public Replayed replay(Connection restored, String createScript, String sourceDatabase) throws SQLException {
        boolean autoCommit = restored.getAutoCommit();
        restored.setAutoCommit(false);
        try {
            // The statements name the database the archive was dumped from, as its CREATE DATABASE does.
            String source = createScript.lines().filter(line -> line.startsWith("CREATE DATABASE ") && line.contains(" WITH "))
                    .map(line -> line.substring("CREATE DATABASE ".length(), line.indexOf(" WITH "))).findFirst()
                    .orElse(single(restored, "SELECT quote_ident(?)", sourceDatabase));
            String target = single(restored, "SELECT quote_ident(current_database())", null);
            List<String> failed = new ArrayList<>();
            for (String line : createScript.lines().toList()) {
                String database = "ALTER DATABASE " + source + " SET ";
                String inDatabase = " IN DATABASE " + source + " SET ";
                if (line.startsWith(database)) {
                    String setting = ArchiveStatements.setting(line);
                    Replays.execute(restored, "ALTER DATABASE " + target + " SET " + setting.substring(database.length()), failed);
                } else if (line.startsWith("ALTER ROLE ") && line.contains(inDatabase)) {
                    String setting = ArchiveStatements.setting(line);
                    String role = setting.substring("ALTER ROLE ".length(), setting.indexOf(inDatabase));
                    createIfMissing(restored, role, failed);
                    Replays.execute(restored, setting.replace(inDatabase, " IN DATABASE " + target + " SET "), failed);
                }
            }
            List<SchemaObject> settings = new ArrayList<>();
            try (Statement statement = restored.createStatement();
                 ResultSet rs = statement.executeQuery(SqlResource.load("database-settings.sql"))) {
                while (rs.next()) {
                    settings.add(new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return new Replayed(settings, failed);
        } finally {
            restored.rollback();
            restored.setAutoCommit(autoCommit);
        }
    }

    /** A role the archive sets something for, created NOLOGIN inside the transaction when the server lacks it. */
    private static void createIfMissing(Connection restored, String quotedRole, List<String> failed) throws SQLException {
        String exists = single(restored, "SELECT count(*)::text FROM pg_roles WHERE quote_ident(rolname) = ?", quotedRole);
        if (exists.equals("0")) {
            Replays.execute(restored, "CREATE ROLE " + quotedRole + " NOLOGIN", failed);
        }
    }

    private static String single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
