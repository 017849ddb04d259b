package io.duckmesh.drill.backup;

import io.duckmesh.drill.inspect.GlobalsInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.Steps;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * drill.globals: the cluster's globals beside a dump. pg_dumpall --globals-only writes them (without
 * the roles' password hashes unless drill.globals.passwords), and the source's globals are read just
 * before and just after it, each in a short session of its own: globals live outside every snapshot,
 * so a role changed while pg_dumpall ran would leave the file and the manifest disagreeing, and the
 * backup then fails, naming what changed.
 */
public record GlobalsBackup(PgClient client, PgSessions sessions, boolean passwords, Steps steps) {

    /** pg_dumpall's arguments, connecting to the source's own database (it may be the only one the role can reach). */
    public static List<String> arguments(PgEndpoint source, String file, boolean passwords) {
        List<String> arguments = new ArrayList<>(List.of("--globals-only", "--no-password", "--host=" + source.host(),
                "--port=" + source.port(), "--username=" + source.user(), "--database=" + source.database(), "--file=" + file));
        if (!passwords) {
            arguments.add(1, "--no-role-passwords");
        }
        return arguments;
    }

    /** Writes {@code <dump>.globals.sql} and returns what the manifest records of it. */
    public Manifest.Globals take(PgEndpoint source, Path dump) {
        Path file = Manifest.globalsFileFor(dump);
        List<SchemaObject> before = steps.step("read the source's globals (roles, memberships, role settings, tablespaces)",
                () -> read(source));
        steps.step("pg_dumpall --globals-only" + (passwords ? "" : " --no-role-passwords") + " of " + source + " into "
                + file.getFileName(), () -> client.dumpGlobals(source, file, passwords));
        List<SchemaObject> after = steps.step("read the source's globals again, after pg_dumpall", () -> read(source));
        if (!before.equals(after)) {
            TreeSet<String> changed = new TreeSet<>();
            before.stream().filter(o -> !after.contains(o)).forEach(o -> changed.add(o.label()));
            after.stream().filter(o -> !before.contains(o)).forEach(o -> changed.add(o.label()));
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException cannotDelete) {
                throw new java.io.UncheckedIOException("Cannot delete the globals file " + file + " written while the globals changed",
                        cannotDelete);
            }
            throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, "The source's globals changed while pg_dumpall --globals-only ran ("
                    + String.join("; ", changed) + "), so " + file.getFileName() + " could hold either version; it was deleted. Run the"
                    + " drill (or make backup) again once the roles are no longer being changed.");
        }
        return new Manifest.Globals(DumpFile.of(file).get(0), passwords, after);
    }

    private List<SchemaObject> read(PgEndpoint source) throws java.sql.SQLException {
        try (Connection connection = sessions.openReadOnly(source)) {
            return new GlobalsInventory().objects(connection);
        }
    }
}
