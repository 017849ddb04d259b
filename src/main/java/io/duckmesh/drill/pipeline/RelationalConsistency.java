package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.ConcurrentChecks;
import io.duckmesh.drill.check.AmcheckCheck;
import io.duckmesh.drill.check.IndexValidityCheck;
import io.duckmesh.drill.check.InvariantCheck;
import io.duckmesh.drill.check.OrphanCheck;
import io.duckmesh.drill.check.SequenceCheck;
import io.duckmesh.drill.check.SequenceStateCheck;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * 70 RelationalConsistency: the restored copy is sound on its own: relations, sequences, indexes, amcheck and the
 * profile's invariants; a finding the source shares is the source's.
 */
public final class RelationalConsistency implements StageStep {

    /** What the checks need to know of the restored copy, read on one session before they start. */
    private record RestoredCatalog(Map<TableRef, List<String>> primaryKeys, List<Relation> foreignKeys,
                                   List<io.duckmesh.drill.inspect.SequenceInfo> sequences, List<io.duckmesh.drill.inspect.IndexInfo> indexes,
                                   java.util.Optional<String> amcheckUnavailable, List<AmcheckCheck.Target> amcheckTargets) {
    }

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("check with an anti-join every implicit relation, and every foreign key that is NOT VALID or missing on the"
                            + " restored copy (PostgreSQL validated the others when pg_restore added them)",
                    "SELECT count(*) OVER (), <key> FROM <child> c WHERE <fk> IS NOT NULL AND NOT EXISTS"
                            + " (SELECT 1 FROM <parent> p WHERE p.<pk> = c.<fk>) LIMIT 5");
            stage.plan("check every sequence is ahead of the column it feeds",
                    "SELECT last_value, is_called, (SELECT max(<column>) FROM <table>) FROM <sequence>");
            stage.plan("check every index is valid and ready", "SELECT ... FROM pg_index WHERE NOT indisvalid OR NOT indisready");
            stage.plan("check the restored copy with amcheck, where the extension can be created",
                    "CREATE EXTENSION amcheck SCHEMA drill_amcheck; SELECT bt_index_check(<index>, <drill.amcheck.heapallindexed>);"
                            + " SELECT * FROM verify_heapam(<table>)");
            stage.plan("run every invariant query (must return no rows)", "-- the .sql files of the profile's invariants-dir"
                    + " and drill.invariants.dir");
            return;
        }
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        List<Relation> sourceForeignKeys = drill.evidence().step("list the source's foreign keys", () -> {
            try (Connection source = drill.sessions().openReadOnly(drill.source().endpoint())) {
                return inventory.foreignKeys(source);
            }
        });
        AmcheckCheck amcheck = new AmcheckCheck(drill.settings().amcheckHeapAllIndexed());
        RestoredCatalog catalog = drill.evidence().step("read the restored copy's tables, foreign keys, sequences, indexes and what"
                + " amcheck can check", () -> {
                    try (Connection restored = drill.sessions().openWritable(drill.restored())) {
                        Map<TableRef, List<String>> keys = inventory.tables(restored).stream()
                                .collect(Collectors.toMap(TableInfo::table, TableInfo::primaryKey));
                        java.util.Optional<String> unavailable = amcheck.install(restored);
                        return new RestoredCatalog(keys, inventory.foreignKeys(restored), inventory.sequences(restored),
                                inventory.indexes(restored), unavailable,
                                unavailable.isEmpty() ? amcheck.targets(restored, drill.settings().schemas()) : List.of());
                    }
                });
        Map<TableRef, List<String>> primaryKeys = catalog.primaryKeys();
        List<Relation> foreignKeys = union(sourceForeignKeys, catalog.foreignKeys());
        Set<String> validatedByRestore = catalog.foreignKeys().stream().filter(Relation::validated).map(Relation::describe)
                .collect(Collectors.toSet());
        List<io.duckmesh.drill.inspect.SequenceInfo> sequences = catalog.sequences();
        List<io.duckmesh.drill.inspect.IndexInfo> indexes = catalog.indexes();
        java.util.Optional<String> amcheckUnavailable = catalog.amcheckUnavailable();
        List<AmcheckCheck.Target> amcheckTargets = catalog.amcheckTargets();
        amcheckUnavailable.ifPresent(reason -> {
            drill.evidence().step("amcheck skipped: " + reason, () -> { });
            drill.evidence().console("amcheck skipped: " + reason);
        });
        int parallelism = drill.settings().parallelism();
        ConcurrentChecks checks = new ConcurrentChecks(parallelism);
        List<Path> invariants = invariantFiles(drill);
        Queue<Path> invariantWork = new ConcurrentLinkedQueue<>(invariants);
        io.duckmesh.drill.result.SourceProbe source = sourceProbe(drill);
        checks.addShared("invariants", session -> new InvariantCheck(drill.rowValues()).check(session, invariantWork, InvariantCheck.scope(invariants),
                        source),
                parts -> CheckResult.merged(parts, InvariantCheck.scope(invariants)));
        if (amcheckUnavailable.isEmpty()) {
            Queue<AmcheckCheck.Target> amcheckWork = new ConcurrentLinkedQueue<>(amcheckTargets);
            String scope = amcheck.scope(amcheckTargets);
            checks.addShared("amcheck: bt_index_check" + (drill.settings().amcheckHeapAllIndexed() ? " (heapallindexed)" : "")
                            + " and verify_heapam", session -> amcheck.check(session, amcheckWork, scope),
                    parts -> CheckResult.merged(parts, scope));
        }
        OrphanCheck orphans = new OrphanCheck();
        checks.add("foreign keys", session -> orphans.check(session, "foreign keys", foreignKeys, primaryKeys, validatedByRestore,
                        source))
                .add("implicit relations", session -> orphans.check(session, "implicit relations",
                        drill.source().profile().implicitRelations(), primaryKeys, Set.of(), source))
                .add("sequences", session -> new SequenceCheck().check(session, sequences, drill.manifest().sequenceStates()))
                .add("sequence states against the manifest (the dump's SEQUENCE SET entries)",
                        session -> new SequenceStateCheck().check(session, drill.manifest().sequenceStates()))
                .add("indexes", session -> new IndexValidityCheck().check(indexes));
        List<ConcurrentChecks.Timed> ran = drill.evidence().step("check the restored copy " + drill.restored() + " on " + parallelism
                + " sessions at once (drill.parallelism)", () -> checks.run(() -> singleProcess(drill.sessions().openWritable(drill.restored()))));
        for (ConcurrentChecks.Timed check : ran) {
            drill.evidence().step(String.format(java.util.Locale.ROOT, "%s: %s (%.1f s)", check.name(),
                    check.result().passed() ? "no findings" : check.result().findings().size() + " findings",
                    check.took().toMillis() / 1000.0), () -> { });
        }
        drill.releaseSnapshot("no stage after 70 RelationalConsistency reads the source as the dump saw it");
        stage.verify(ran.stream().map(ConcurrentChecks.Timed::result).toList());
    }

    /**
     * A check session without parallel workers: the checks already run on drill.parallelism sessions at
     * once, and workers would only make more processes share the same cores.
     */
    private static Connection singleProcess(Connection session) throws java.sql.SQLException {
        try (java.sql.Statement statement = session.createStatement()) {
            statement.execute("SET max_parallel_workers_per_gather = 0");
        } catch (java.sql.SQLException failed) {
            session.close();
            throw failed;
        }
        return session;
    }

    /**
     * Where a finding of the restored copy is looked for on the source: the dump's snapshot when the
     * drill took the dump, else the live source now (an existing backup), said so in the finding.
     */
    private static io.duckmesh.drill.result.SourceProbe sourceProbe(DrillContext drill) {
        if (drill.snapshot().isPresent()) {
            return drill.snapshot().get().probe(drill.sessions());
        }
        return (sql, maxRows) -> {
            try (Connection live = drill.sessions().openReadOnly(drill.source().endpoint())) {
                return java.util.Optional.of(new io.duckmesh.drill.result.SourceProbe.Answer(
                        io.duckmesh.drill.inspect.QueryRows.read(live, sql, maxRows), "on the live source now (no snapshot of the backup's moment)"));
            }
        };
    }

    private static List<Path> invariantFiles(DrillContext drill) {
        List<Path> folders = new ArrayList<>();
        drill.source().profile().invariantsDir().ifPresent(folders::add);
        drill.settings().invariantsDir().ifPresent(folders::add);
        return InvariantCheck.files(folders);
    }

    /**
     * The source's foreign keys and the restored copy's: a constraint the restore lost is still
     * checked, so its orphans are found here and not only as a schema difference.
     */
    private static List<Relation> union(List<Relation> source, List<Relation> restored) {
        Map<String, Relation> byShape = new LinkedHashMap<>();
        source.forEach(r -> byShape.put(r.describe(), r));
        restored.forEach(r -> byShape.putIfAbsent(r.describe(), r));
        return List.copyOf(byShape.values());
    }
}
