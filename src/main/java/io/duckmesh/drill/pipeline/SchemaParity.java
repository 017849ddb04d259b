package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.ArchiveReader;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.NewMajorPrivileges;
import io.duckmesh.drill.check.SchemaParityCheck;
import io.duckmesh.drill.restore.CanonicalViews;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.restore.ArchivedDatabaseSettings;
import io.duckmesh.drill.restore.ArchivedOwnership;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.WriteMark;
import io.duckmesh.drill.inspect.SchemaInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 30 SchemaParity: every schema object of the manifest, with its definition, on the restored copy, and nothing more;
 * the owners and privileges as restored, or, where pg_restore ran without them (a restore role that is not a
 * superuser, or drill.target=server), as the archive carries them; and the archive's database settings.
 */
public final class SchemaParity implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("list every schema object with its definition on the restored copy and compare with the manifest:"
                    + " schemas, tables, columns, constraints, indexes, sequences, views, functions, triggers, extensions,"
                    + " types and domains, comments, table and column options, policies, rules, statistics, publications,"
                    + " subscriptions, foreign servers and every other kind pg_dump writes", "-- src/main/resources/sql/schema-inventory.sql");
            if (drill.settings().globals()) {
                stage.plan("compare the restored globals (roles with their attributes, memberships, role settings, tablespaces) with"
                        + " the manifest's, both ways; where the restore server is shared or holds the source, on a scratch embedded"
                        + " PostgreSQL the globals file is restored onto first", "-- src/main/resources/sql/globals-inventory.sql");
            }
            if (drill.settings().provesOwnershipFromTheArchive()
                    || (drill.settings().comparesOwnership() && !drill.settings().restoreAllowsSuperuser())) {
                stage.plan("replay the archive's owners and ACL entries on the restored copy in a transaction that is rolled back,"
                        + " and compare them with the manifest's", "pg_restore --use-list=<ACL entries> --file=<script> <dump>;"
                        + " BEGIN; CREATE ROLE ... NOLOGIN; ALTER ... OWNER TO ...; <script>; ROLLBACK");
            }
            return;
        }
        List<SchemaObject> restored = drill.evidence().step("list the schema objects of the restored copy", () -> {
            try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                return new SchemaInventory(drill.settings().schemas()).objects(connection);
            }
        });
        boolean ownership = drill.restoredOwners() == Restored.Owners.RESTORED;
        int sourceMajor = sourceMajor(drill);
        int restoreMajor = drill.figure(Figure.RESTORE_SERVER_VERSION_NUM).orElse(0) / 10000;
        List<SchemaObject> source = drill.manifest().schema();
        if (restoreMajor != sourceMajor && sourceMajor != 0 && restoreMajor != 0) {
            source = printedByTheRestoreServer(drill, source, restored, restoreMajor);
        }
        CheckResult compared = new SchemaParityCheck().compare(source, restored, ownership);
        if (ownership && restoreMajor > sourceMajor && sourceMajor != 0) {
            compared = newMajorPrivileges(drill, restoreMajor).classify(compared);
        }
        List<CheckResult> results = new ArrayList<>(List.of(compared));
        // The archive's database settings are judged only against a manifest that records some (a faithful
        // backup of a source without any carries none), so without them pg_restore is not asked.
        if (drill.manifest().schema().stream().anyMatch(o -> o.kind().equals(SchemaParityCheck.DATABASE_SETTING))) {
            results.add(archivedSettings(drill));
        }
        GlobalsDrill.parity(drill, stage).ifPresent(results::add);
        if (drill.restoredOwners() == Restored.Owners.FROM_THE_ARCHIVE) {
            Optional<CheckResult> archived = archivedOwnership(drill);
            if (archived.isPresent() && restoreMajor > sourceMajor && sourceMajor != 0) {
                archived = Optional.of(newMajorPrivileges(drill, restoreMajor).classify(archived.get()));
            }
            archived.ifPresent(results::add);
        } else if (!ownership) {
            drill.evidence().step("owners and privileges not compared (drill.schema.ignore-ownership=true)", () -> { });
        }
        stage.verify(results);
    }

    /** The major of the server the backup was taken of: its manifest's, else the source Preflight reached. */
    private static int sourceMajor(DrillContext drill) {
        String recorded = drill.dump().serverVersion();
        int versionNum = recorded != null && recorded.matches("\\d+") ? Integer.parseInt(recorded)
                : drill.figure(Figure.SOURCE_SERVER_VERSION_NUM).orElse(0);
        return versionNum / 10000;
    }

    /**
     * Upgrade rehearsal: the source's views whose definitions differ from the restored copy's, printed again by
     * the restore server (CanonicalViews), so that both sides are printed by one major; a view the restore
     * changed still differs.
     */
    private static List<SchemaObject> printedByTheRestoreServer(DrillContext drill, List<SchemaObject> source,
                                                                List<SchemaObject> restored, int restoreMajor) throws Exception {
        Map<String, String> restoredDefinitions = new HashMap<>();
        restored.forEach(o -> restoredDefinitions.putIfAbsent(o.label(), o.definition()));
        List<SchemaObject> differing = source.stream().filter(o -> CanonicalViews.KINDS.contains(o.kind()))
                .filter(o -> restoredDefinitions.containsKey(o.label()) && !restoredDefinitions.get(o.label()).equals(o.definition()))
                .toList();
        if (differing.isEmpty()) {
            return source;
        }
        CanonicalViews.Printed printed = drill.evidence().step("print the source's " + differing.size() + " differing view definitions"
                + " again on PostgreSQL " + restoreMajor + " (temporary views, as a role without privileges, rolled back)",
                () -> rolledBack(drill, connection -> new CanonicalViews().print(connection, differing)));
        drill.evidence().table(new EvidenceTable("views as PostgreSQL " + restoreMajor + " prints the source's",
                List.of("view", "source, as its server prints it", "source, as PostgreSQL " + restoreMajor + " prints it", "restored"),
                differing.stream().map(o -> List.of(o.label(), o.definition(), printed.definitions().getOrDefault(o.label(),
                        "(could not be created: " + printed.failed().get(o.label()) + ")"), restoredDefinitions.get(o.label()))).toList()));
        if (!printed.failed().isEmpty()) {
            drill.evidence().console(printed.failed().size() + " source view definitions could not be printed again on PostgreSQL "
                    + restoreMajor + " and are compared as their own server printed them: " + printed.failed().keySet());
        }
        return source.stream().map(o -> printed.definitions().containsKey(o.label())
                ? new SchemaObject(o.kind(), o.name(), printed.definitions().get(o.label())) : o).toList();
    }

    /** What 'all privileges' on a table is on each side, read from acldefault on both servers (no table is read). */
    private static NewMajorPrivileges newMajorPrivileges(DrillContext drill, int restoreMajor) throws Exception {
        String sourceAll;
        try (Connection source = drill.sessions().openReadOnly(drill.source().endpoint())) {
            sourceAll = tablePrivileges(source);
        }
        String restoreAll;
        try (Connection restored = drill.sessions().openReadOnly(drill.restored())) {
            restoreAll = tablePrivileges(restored);
        }
        return new NewMajorPrivileges(sourceAll, restoreAll, restoreMajor);
    }

    private static String tablePrivileges(Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT acldefault('r', 10)::text")) {
            rs.next();
            return NewMajorPrivileges.letters(rs.getString(1));
        }
    }

    /**
     * The database's settings the archive carries (pg_restore applies them only with --create), replayed
     * on the restored copy in a transaction that is rolled back and compared with the manifest's.
     */
    private static CheckResult archivedSettings(DrillContext drill) throws Exception {
        String script = drill.evidence().step("pg_restore --create writes the archive's database properties", () ->
                new ArchiveReader(pgRestore(drill), drill.runner()).script(drill.dump().file(), List.of(), true,
                        drill.settings().restoreTimeout()));
        ArchivedDatabaseSettings.Replayed replayed = drill.evidence().step("replay the archive's database settings on the restored"
                + " copy in a transaction that is rolled back, and list them", () -> rolledBack(drill, connection ->
                        new ArchivedDatabaseSettings().replay(connection, script, drill.manifest().sourceDatabase())));
        refused(drill, replayed.failed());
        return new SchemaParityCheck().compareArchivedSettings(drill.manifest().schema(), replayed.settings());
    }

    /** A replay on the restored copy, which is rolled back: the write mark of 20 Restore's checksums moves past it. */
    private static <T> T rolledBack(DrillContext drill, Replay<T> replay) throws Exception {
        try (Connection connection = drill.sessions().openWritable(drill.restored())) {
            String before = WriteMark.of(connection);
            T result = replay.on(connection);
            String after = WriteMark.of(connection);
            drill.digestsTaken().filter(taken -> taken.writeMark().equals(before)).ifPresent(taken ->
                    drill.digestsTaken(new DigestsTaken(taken.digests(), after, taken.readEarly())));
            return result;
        }
    }

    @FunctionalInterface
    private interface Replay<T> {
        T on(Connection connection) throws Exception;
    }

    private static void refused(DrillContext drill, List<String> failed) {
        if (!failed.isEmpty()) {
            drill.evidence().text("archive statements the restored copy refused", String.join(System.lineSeparator(), failed));
            drill.evidence().console(failed.size() + " of the archive's statements replayed on the restored copy failed (attached as"
                    + " 'archive statements the restored copy refused'); an object the copy lacks is named by schema parity");
        }
    }

    private static Path pgRestore(DrillContext drill) {
        return drill.tools().locate("pg_restore").orElseThrow(() -> new IllegalStateException(
                "pg_restore is not installed; Preflight checked it, so the drill's PATH changed"));
    }

    /**
     * A restore without owners and privileges (the run's restore role, or drill.target=server): the owners and privileges the
     * archive carries are replayed on the restored copy in a transaction that is rolled back, and
     * compared with the manifest's. The replay is the only write to the restore server since 20
     * Restore's checksums, and it changes no row, so their write mark moves past it.
     */
    private static Optional<CheckResult> archivedOwnership(DrillContext drill) throws Exception {
        List<String> toc = drill.dump().toc();
        List<String> roles = drill.manifest().roles();
        List<String> acl = ArchivedOwnership.aclEntries(toc);
        String script = acl.isEmpty() ? "" : drill.evidence().step("pg_restore writes the SQL of the archive's " + acl.size()
                + " ACL and DEFAULT ACL entries", () -> new ArchiveReader(pgRestore(drill), drill.runner()).script(drill.dump().file(), acl,
                drill.settings().restoreTimeout()));
        ArchivedOwnership.Replayed replayed = drill.evidence().step("replay the archive's owners and privileges on the restored copy in"
                + " a transaction that is rolled back, and list them", () -> rolledBack(drill, connection ->
                        new ArchivedOwnership().replay(connection, ArchivedOwnership.owners(toc, roles), script, roles,
                                new SchemaInventory(drill.settings().schemas()))));
        if (replayed.notProven().isPresent()) {
            String line = "owners and privileges not proven: " + replayed.notProven().get();
            drill.evidence().note(line);
            return Optional.empty();
        }
        refused(drill, replayed.failed());
        return Optional.of(new SchemaParityCheck().compareArchivedOwnership(drill.manifest().schema(), replayed.objects()));
    }
}
