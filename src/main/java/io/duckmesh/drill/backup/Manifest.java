package io.duckmesh.drill.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The source side of every parity check, taken in the dump's own snapshot: per-table row counts and
 * checksums, and the migration history. Written next to the dump as {@code <dump>.manifest.json};
 * its format is documented in docs/manifest.md and versioned by {@code formatVersion}.
 */
public record Manifest(int formatVersion, String createdAt, String snapshotId, String sourceDatabase,
                       long systemIdentifier, List<TableDigest> tables, List<SchemaObject> schema, List<String> roles,
                       String migrationsTable, List<MigrationRow> migrations) {

    public static final int FORMAT_VERSION = 1;

    public Map<TableRef, RowCount> rowCounts() {
        Map<TableRef, RowCount> counts = new TreeMap<>();
        tables.forEach(t -> counts.put(t.table(), t.rowCount()));
        return counts;
    }

    public Map<TableRef, TableDigest> digests() {
        Map<TableRef, TableDigest> digests = new TreeMap<>();
        tables.forEach(t -> digests.put(t.table(), t));
        return digests;
    }

    public static Path fileFor(Path dump) {
        return dump.resolveSibling(dump.getFileName() + ".manifest.json");
    }

    public Path write(Path dump) {
        Path file = fileFor(dump);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
            return file;
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot write the manifest " + file + "; check drill.dump.dir", cannotWrite);
        }
    }

    public static Manifest read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), Manifest.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the manifest " + file, unreadable);
        }
    }
}
