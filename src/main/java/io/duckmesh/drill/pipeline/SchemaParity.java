package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.ArchiveReader;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.SchemaParityCheck;
import io.duckmesh.drill.restore.ArchivedDatabaseSettings;
import io.duckmesh.drill.restore.ArchivedOwnership;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.WriteMark;
import io.duckmesh.drill.inspect.SchemaInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 30 SchemaParity: every schema object of the manifest, with its definition, on the restored copy, and nothing more;
 * on the server target the archive's owners, privileges and database settings too.
 */
public final class SchemaParity implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("list every schema object with its definition on the restored copy and compare with the manifest:"
                    + " schemas, tables, columns, constraints, indexes, sequences, views, functions, triggers, extensions,"
                    + " types and domains, comments, table and column options, policies, rules, statistics, publications,"
                    + " subscriptions, foreign servers and every other kind pg_dump writes", "-- src/main/resources/sql/schema-inventory.sql");
            if (drill.settings().provesOwnershipFromTheArchive()) {
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
        boolean ownership = drill.settings().comparesOwnership();
        List<CheckResult> results = new ArrayList<>(List.of(new SchemaParityCheck().compare(drill.manifest().schema(), restored, ownership)));
        // The archive's database settings are judged only against a manifest that records some (a faithful
        // backup of a source without any carries none), so without them pg_restore is not asked.
        if (drill.manifest().schema().stream().anyMatch(o -> o.kind().equals(SchemaParityCheck.DATABASE_SETTING))) {
            results.add(archivedSettings(drill));
        }
        if (drill.settings().provesOwnershipFromTheArchive()) {
            archivedOwnership(drill).ifPresent(results::add);
        } else if (!ownership) {
            drill.evidence().step("owners and privileges not compared (drill.schema.ignore-ownership=true)", () -> { });
        }
        stage.verify(results);
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
     * drill.target=server restores with --no-owner --no-privileges: the owners and privileges the
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
