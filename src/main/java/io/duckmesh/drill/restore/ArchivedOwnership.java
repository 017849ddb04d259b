package io.duckmesh.drill.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckmesh.drill.inspect.SchemaInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.inspect.SqlResource;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owners and privileges a backup carries, read from the archive itself, for a restore made with
 * --no-owner --no-privileges (the run's restore role, or drill.target=server), whose copy cannot show them. In one transaction
 * on the restored copy, rolled back at the end so nothing of it stays: the source's roles the server
 * lacks are created (NOLOGIN), the archive's owner of each schema, relation and routine is given to
 * it, the archive's ACL and DEFAULT ACL entries run as pg_restore writes them, and the owners and
 * privileges are listed as SchemaParity lists them, to be compared with the manifest's.
 */
public final class ArchivedOwnership {

    /** Entries whose owner the inventory compares; longer names first, so VIEW does not take MATERIALIZED VIEW. */
    private static final List<String> OWNING = List.of("MATERIALIZED VIEW", "FOREIGN TABLE", "PROCEDURE", "AGGREGATE", "FUNCTION",
            "SEQUENCE", "SCHEMA", "TABLE", "VIEW");
    /** Entries that start like an owning one but are not an object of their own. */
    private static final List<String> NOT_OWNING = List.of("TABLE DATA ", "TABLE ATTACH ", "MATERIALIZED VIEW DATA ", "SEQUENCE SET ",
            "SEQUENCE OWNED BY ");
    private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (.+)$");

    /** An entry of the archive that owns an object: its kind, schema ("-" for a schema), tag and owner. */
    public record Owned(String entry, String schema, String tag, String owner) {
    }

    /**
     * What the archive's owners and privileges are, replayed, or why they could not be; and the
     * archive's statements that failed on the restored copy (on an object it lacks, which SchemaParity
     * names on its own), each with PostgreSQL's error.
     */
    public record Replayed(List<SchemaObject> objects, Optional<String> notProven, List<String> failed) {
    }

    /**
     * The entries that own a schema, relation or routine. An entry's owner is its last word, or the
     * longest of {@code roles} it ends with (a role name may hold spaces).
     */
    public static List<Owned> owners(List<String> toc, List<String> roles) {
        List<String> longestFirst = roles.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        List<Owned> owned = new ArrayList<>();
        for (String line : toc) {
            Matcher matcher = ENTRY.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String rest = matcher.group(1);
            if (NOT_OWNING.stream().anyMatch(rest::startsWith)) {
                continue;
            }
            Optional<String> entry = OWNING.stream().filter(e -> rest.startsWith(e + " ")).findFirst();
            if (entry.isEmpty()) {
                continue;
            }
            String after = rest.substring(entry.get().length() + 1);
            int space = after.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String schema = after.substring(0, space);
            String tagAndOwner = after.substring(space + 1);
            String owner = longestFirst.stream().filter(role -> tagAndOwner.endsWith(" " + role)).findFirst()
                    .orElse(tagAndOwner.substring(tagAndOwner.lastIndexOf(' ') + 1));
            String tag = tagAndOwner.substring(0, Math.max(0, tagAndOwner.length() - owner.length() - 1));
            owned.add(new Owned(entry.get(), schema, tag, owner));
        }
        return owned;
    }

    /** The ACL and DEFAULT ACL entries, but the database's own (pg_restore applies those only with --create). */
    public static List<String> aclEntries(List<String> toc) {
        return toc.stream().filter(line -> {
            Matcher matcher = ENTRY.matcher(line);
            return matcher.matches() && (matcher.group(1).startsWith("ACL ") || matcher.group(1).startsWith("DEFAULT ACL "))
                    && !matcher.group(1).matches("ACL - DATABASE .*");
        }).toList();
    }

    /**
     * Replays the archive's owners and privileges on the restored copy in a transaction it rolls back.
     *
     * @param aclScript the SQL of the archive's ACL entries, as pg_restore writes it
     * @param roles     the source's roles (the manifest's), created NOLOGIN inside the transaction where missing
     */
    public Replayed replay(Connection restored, List<Owned> owners, String aclScript, List<String> roles, SchemaInventory inventory)
            throws SQLException {
        if (!superuser(restored)) {
            return new Replayed(List.of(), Optional.of("the restore role is not a superuser, so the archive's owners and grants"
                    + " cannot be replayed on the restored copy (it needs to create the source's roles and act as them inside a"
                    + " transaction it rolls back); set drill.restore.user to a superuser of the verification server to prove them"),
                    List.of());
        }
        boolean autoCommit = restored.getAutoCommit();
        restored.setAutoCommit(false);
        try (Statement statement = restored.createStatement()) {
            String searchPath = single(restored, "SELECT current_setting('search_path')");
            Set<String> needed = new LinkedHashSet<>(roles);
            owners.forEach(o -> needed.add(o.owner()));
            for (String role : missing(restored, needed)) {
                statement.execute("CREATE ROLE " + TableRef.quote(role) + " NOLOGIN");
            }
            // pg_dump writes a routine's argument types with an empty search_path (schema-qualified
            // unless in pg_catalog); so does archive-owners.sql, to find it by its entry's tag.
            statement.execute("SELECT set_config('search_path', '', true)");
            List<String> failed = new ArrayList<>();
            for (String alter : ownerStatements(restored, owners)) {
                Replays.execute(restored, alter, failed);
            }
            // pg_restore's script is for psql (it opens and ends with the meta-commands restrict and unrestrict): read as
            // psql reads it, and only grants, revokes and the grantor's session run.
            for (String privilege : ArchiveStatements.privileges(aclScript)) {
                Replays.execute(restored, privilege, failed);
            }
            statement.execute("RESET SESSION AUTHORIZATION");
            try (PreparedStatement path = restored.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                path.setString(1, searchPath);
                path.execute();
            }
            List<SchemaObject> objects = inventory.objects(restored, List.of("owner", "privileges"));
            return new Replayed(objects, Optional.empty(), failed);
        } finally {
            restored.rollback();
            restored.setAutoCommit(autoCommit);
        }
    }

    private static List<String> ownerStatements(Connection restored, List<Owned> owners) throws SQLException {
        List<Map<String, String>> json = new ArrayList<>();
        for (Owned owned : owners) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("entry", owned.entry());
            entry.put("schema", owned.schema());
            entry.put("tag", owned.tag());
            entry.put("owner", owned.owner());
            json.add(entry);
        }
        List<String> statements = new ArrayList<>();
        try (PreparedStatement statement = restored.prepareStatement(SqlResource.load("archive-owners.sql"))) {
            statement.setString(1, new ObjectMapper().writeValueAsString(json));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException unwritable) {
            throw new IllegalStateException("Cannot write the archive's owners as JSON: " + unwritable.getMessage(), unwritable);
        }
        return statements;
    }

    private static List<String> missing(Connection restored, Set<String> roles) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement statement = restored.prepareStatement("SELECT r FROM unnest(?::text[]) AS r"
                + " WHERE r <> 'PUBLIC' AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)")) {
            statement.setArray(1, restored.createArrayOf("text", roles.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        return missing;
    }

    private static boolean superuser(Connection connection) throws SQLException {
        return single(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user").equals("true");
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
