package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.ParallelDigester;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

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

    /** The restored copy's tables, each digested the way the manifest's was. */
    static Map<TableRef, TableDigest> take(DrillContext drill) throws Exception {
        List<TableInfo> tables;
        try (Connection connection = drill.sessions().openWritable(drill.restored())) {
            tables = new CatalogInventory(drill.settings().schemas()).tables(connection);
        }
        return new ParallelDigester(drill.settings().parallelism()).digestAll(tables, drill.manifest().digests(),
                () -> drill.sessions().openWritable(drill.restored()), drill.settings().contentSegmentRows());
    }
}
