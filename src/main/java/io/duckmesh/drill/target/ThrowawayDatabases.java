package io.duckmesh.drill.target;

import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates, finds and drops the drill's throwaway databases on a server. Each carries a marker in
 * its comment ({@code duckmesh-restore-drill run=<id> created=<instant>}); a database without this
 * run's marker is never dropped, and one with an old marker is a stale leftover of a killed drill.
 */
public final class ThrowawayDatabases {

    static final String MARKER_PREFIX = "duckmesh-restore-drill";
    private static final Pattern MARKER = Pattern.compile(MARKER_PREFIX + " run=(\\S+) created=(\\S+)");

    private final Connection admin;

    /** @param admin a session on the server, in any database but the ones it creates */
    public ThrowawayDatabases(Connection admin) {
        this.admin = admin;
    }

    public static String marker(String runId, Instant created) {
        return MARKER_PREFIX + " run=" + runId + " created=" + created;
    }

    /** A throwaway database of the drill, read back from its marker. */
    public record Throwaway(String name, String runId, Instant created) {
    }

    /**
     * Creates an empty database from template0 (template1 may hold objects of its own) and marks it.
     * Fails when the name exists: the target must be new.
     */
    public void create(String name, String marker) throws SQLException {
        if (exists(name)) {
            throw new SQLException("The throwaway database " + name + " already exists on the restore server; the drill"
                    + " restores only into a database it creates and never drops one it did not. Choose another"
                    + " drill.restore.database (or leave it empty for a new name each run), or drop " + name + " by hand if it is a leftover.");
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + TableRef.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
            statement.execute("COMMENT ON DATABASE " + TableRef.quote(name) + " IS '" + marker.replace("'", "''") + "'");
        }
    }

    public boolean exists(String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The database's marker, if it is one of the drill's. */
    public Optional<Throwaway> markerOf(String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? parse(name, rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Drops a database only when its marker names {@code runId} (this run), or, for a sweep, when
     * {@code runId} is null and it carries any marker of the drill.
     */
    public void drop(String name, String runId) throws SQLException {
        Optional<Throwaway> marker = markerOf(name);
        if (marker.isEmpty() || (runId != null && !marker.get().runId().equals(runId))) {
            throw new SQLException("Refusing to drop database " + name + ": it does not carry the marker of "
                    + (runId == null ? "a restore drill" : "this drill run (" + runId + ")")
                    + ". The drill drops only databases it created; drop it by hand if it is yours to drop.");
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + TableRef.quote(name) + " WITH (FORCE)");
        }
    }

    /** The drill's databases older than {@code staleAfter}: leftovers of runs that were killed. */
    public List<Throwaway> stale(Duration staleAfter, Instant now) throws SQLException {
        List<Throwaway> stale = new ArrayList<>();
        try (Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
                     + " WHERE shobj_description(oid, 'pg_database') LIKE '" + MARKER_PREFIX + " %' ORDER BY datname")) {
            while (rs.next()) {
                parse(rs.getString(1), rs.getString(2))
                        .filter(t -> t.created().plus(staleAfter).isBefore(now))
                        .ifPresent(stale::add);
            }
        }
        return stale;
    }

    private static Optional<Throwaway> parse(String name, String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher matcher = MARKER.matcher(comment);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Throwaway(name, matcher.group(1), Instant.parse(matcher.group(2))));
        } catch (DateTimeParseException notAMarker) {
            return Optional.empty();
        }
    }
}
