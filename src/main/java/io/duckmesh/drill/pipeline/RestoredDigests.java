package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.ParallelDigester;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.WriteMark;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scan per restored table gives its count and its checksum together: 40 RowCountParity takes
 * them, compares the counts and keeps the checksums for 50 ContentParity.
 */
final class RestoredDigests {

    private RestoredDigests() {
    }

    static String stepName(DrillContext drill) {
        return "count and checksum every table of the restored copy, one scan each, on " + drill.settings().parallelism()
                + " sessions (drill.parallelism); the source's are in the manifest";
    }

    /**
     * The digests 20 Restore took while pg_restore ran, if no transaction has written to the
     * restore server since; when one has (a self-test's damage, another client), the drill says so
     * and they are taken again.
     */
    static Optional<Map<TableRef, TableDigest>> takenDuringRestore(DrillContext drill) throws Exception {
        Optional<DigestsTaken> taken = drill.digestsTaken();
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        String now = drill.evidence().step("check that no transaction has written to the restore server since 20 Restore counted and"
                + " checksummed the restored tables (its transaction snapshot then: " + taken.get().writeMark() + ")", () -> {
                    try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                        return WriteMark.of(connection);
                    }
                });
        if (now.equals(taken.get().writeMark())) {
            drill.record(Figure.RESTORED_CHECKSUMS, "taken by 20 Restore, while pg_restore ran and right after; nothing wrote to the restore"
                    + " server since");
            return Optional.of(taken.get().digests());
        }
        drill.record(Figure.RESTORED_CHECKSUMS, "taken again by 40 RowCountParity: a transaction wrote to the restore server after 20 Restore"
                + " took them");
        drill.evidence().console("the restore server's transaction snapshot moved from " + taken.get().writeMark() + " to " + now
                + " after 20 Restore took the restored copy's checksums: a transaction wrote to it since, so every table is read again");
        return Optional.empty();
    }

    /** The restored copy's tables, each digested the way the manifest's was. */
    static Map<TableRef, TableDigest> take(DrillContext drill) throws Exception {
        if (drill.digestsTaken().isEmpty()) {
            drill.record(Figure.RESTORED_CHECKSUMS, "taken by 40 RowCountParity");
        }
        List<TableInfo> tables;
        try (Connection connection = drill.sessions().openWritable(drill.restored())) {
            tables = new CatalogInventory(drill.settings().schemas()).tables(connection);
        }
        return new ParallelDigester(drill.settings().parallelism()).digestAll(tables, drill.manifest().digests(),
                () -> drill.sessions().openWritable(drill.restored()), drill.settings().contentSegmentRows());
    }

    /**
     * The materialized views whose difference from the source pg_restore made by refreshing them
     * (RefreshedViews), with a note each; empty when no view differs, without a query.
     */
    static Map<TableRef, String> refreshedViews(DrillContext drill, Map<TableRef, TableDigest> restored) throws Exception {
        Map<TableRef, TableDigest> source = drill.manifest().digests();
        boolean anyDiffers = restored.entrySet().stream().anyMatch(e -> source.containsKey(e.getKey())
                && !source.get(e.getKey()).checksum().equals(e.getValue().checksum()));
        if (!anyDiffers) {
            return Map.of();
        }
        return drill.evidence().step("refresh each differing materialized view on the restored copy (rolled back) to tell"
                + " pg_restore's refresh from a lost row", () -> {
                    try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                        List<TableInfo> tables = new CatalogInventory(drill.settings().schemas()).tables(connection);
                        return new io.duckmesh.drill.check.RefreshedViews().byDesign(connection, tables, source, restored);
                    }
                });
    }
}
