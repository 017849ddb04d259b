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

    /**
     * Drops every subscription of the database the session is in: DROP DATABASE refuses a database
     * that has one ("is being used by logical replication subscription"), and a restored catalog has
     * the source's (pg_restore creates them disabled, without connecting). Each is disabled and
     * detached from its replication slot first, so nothing is done on the publisher.
     */
    public static final String DROP_SUBSCRIPTIONS = "DO $$ DECLARE s record; BEGIN"
            + " FOR s IN SELECT subname FROM pg_subscription"
            + " WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) LOOP"
            + " EXECUTE format('ALTER SUBSCRIPTION %I DISABLE', s.subname);"
            + " EXECUTE format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', s.subname);"
            + " EXECUTE format('DROP SUBSCRIPTION %I', s.subname); END LOOP; END $$";

    /** Opens a session in one of the server's databases. */
    @FunctionalInterface
    public interface Opener {
        Connection open(String database) throws SQLException;
    }

    private final Connection admin;
    private final Opener opener;

    /** @param admin a session on the server, in any database but the ones it creates; for creating and finding only */
    public ThrowawayDatabases(Connection admin) {
        this(admin, database -> {
            throw new SQLException("The throwaway database " + database + " has subscriptions, which must be dropped in it before"
                    + " DROP DATABASE; this caller cannot open it. Drop them there (ALTER SUBSCRIPTION ... DISABLE; ALTER"
                    + " SUBSCRIPTION ... SET (slot_name = NONE); DROP SUBSCRIPTION ...), then the database.");
        });
    }

    /**
     * @param admin  a session on the server, in any database but the ones it creates
     * @param opener opens a session in a throwaway database, to drop its subscriptions before the database
     */
    public ThrowawayDatabases(Connection admin, Opener opener) {
        this.admin = admin;
        this.opener = opener;
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
        if (hasSubscriptions(name)) {
            try (Connection inDatabase = opener.open(name); Statement statement = inDatabase.createStatement()) {
                statement.execute(DROP_SUBSCRIPTIONS);
            }
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + TableRef.quote(name) + " WITH (FORCE)");
        }
    }

    private boolean hasSubscriptions(String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_subscription s"
                + " JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = ?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
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
