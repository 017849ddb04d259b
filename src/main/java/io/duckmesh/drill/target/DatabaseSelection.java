package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * drill.databases turned into the databases to drill, in the order given: a name as it is (even when the
 * server does not have it, so that a lost database fails its own drill rather than vanishing from the
 * list), a pattern ({@code *}, {@code ?}, {@code [...]}) by every matching database of the source server in
 * name order, leaving out templates, databases that refuse connections, {@code postgres} and the drill's
 * own throwaway databases (their comment carries its marker).
 */
public final class DatabaseSelection {

    private final PgSessions sessions;

    public DatabaseSelection(PgSessions sessions) {
        this.sessions = sessions;
    }

    /** True when {@code entry} of drill.databases is a pattern rather than a name. */
    public static boolean isPattern(String entry) {
        return entry.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    }

    /**
     * The databases {@code entries} name on the server {@code server} is on. Only reads the server when an
     * entry is a pattern.
     *
     * @throws SQLException when a pattern is given and the server's databases cannot be listed
     * @throws IllegalArgumentException when a pattern matches no database, naming the ones there are
     */
    public List<String> resolve(List<String> entries, PgEndpoint server) throws SQLException {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> candidates = entries.stream().anyMatch(DatabaseSelection::isPattern) ? candidates(server) : List.of();
        for (String entry : entries) {
            if (!isPattern(entry)) {
                chosen.add(entry);
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + entry);
            List<String> matched = candidates.stream().filter(name -> !name.contains("/") && matcher.matches(Path.of(name))).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("drill.databases: the pattern '" + entry + "' matches no database on "
                        + server.host() + ":" + server.port() + " (it has: " + (candidates.isEmpty() ? "none but templates and postgres"
                        : String.join(", ", candidates)) + "). Fix the pattern, or name the databases.");
            }
            chosen.addAll(matched);
        }
        return List.copyOf(chosen);
    }

    /** The server's databases a pattern may match, in name order. */
    private List<String> candidates(PgEndpoint server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = sessions.openReadOnly(server); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT d.datname FROM pg_database d"
                     + " WHERE NOT d.datistemplate AND d.datallowconn AND d.datname <> 'postgres'"
                     + " AND coalesce(shobj_description(d.oid, 'pg_database'), '') NOT LIKE '" + ThrowawayDatabases.MARKER_PREFIX + "%'"
                     + " ORDER BY d.datname COLLATE \"C\"")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
