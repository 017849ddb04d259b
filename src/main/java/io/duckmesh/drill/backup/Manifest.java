package io.duckmesh.drill.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
 * checksums, the schema inventory, the migration history, the large objects' digests by oid range
 * (absent from manifests written before the drill compared them); and, once the dump is written, the dump's
 * files with their sha256, the tool and server versions and the sequence states the dump recorded; with
 * drill.globals, the cluster's globals file (pg_dumpall --globals-only) with its sha256 and the globals
 * it holds (absent otherwise).
 * Written next to the dump as {@code <dump>.manifest.json}; its format is documented in
 * docs/manifest.md and versioned by {@code formatVersion}.
 */
public record Manifest(int formatVersion, String writtenBy, String runId, String createdAt, String snapshotId,
                       String snapshotTime, String sourceDatabase, long systemIdentifier, List<TableDigest> tables,
                       List<SchemaObject> schema, List<String> roles, String migrationsTable, List<MigrationRow> migrations,
                       List<SequenceState> sequences, DumpFacts dump, List<io.duckmesh.drill.inspect.LargeObjects.Range> largeObjects,
                       Globals globals) {

    public static final int FORMAT_VERSION = 4;
    /** Format 3 differs only in its tables' row hash (always row-text, the field absent), so it is still read. */
    private static final java.util.Set<Integer> READABLE = java.util.Set.of(3, FORMAT_VERSION);
    /** Marks the manifests (and so the dumps) this tool wrote; drill.dump.keep-last prunes only those. */
    public static final String WRITTEN_BY = "duckmesh-restore-drill";

    /** A sequence's state as the dump's SEQUENCE SET entry sets it; the name as pg_dump quotes it. */
    public record SequenceState(String name, long lastValue, boolean isCalled) {
        public String state() {
            return lastValue + ", " + isCalled;
        }
    }

    /** The dump the manifest belongs to: its name, format, files (with sha256) and who wrote it from what. */
    public record DumpFacts(String name, String format, List<DumpFile> files, String pgDumpVersion, String serverVersion,
                            long durationMs) {
        public long bytes() {
            return files.stream().mapToLong(DumpFile::bytes).sum();
        }
    }

    /**
     * The cluster's globals written beside the dump ({@link #globalsFileFor}): the file with its sha256,
     * whether it holds the roles' password hashes (drill.globals.passwords), and the source's globals
     * (GlobalsInventory) as they were when pg_dumpall wrote it.
     */
    public record Globals(DumpFile file, boolean passwords, List<SchemaObject> objects) {
    }

    /** This manifest completed with the facts of the dump written in its snapshot. */
    public Manifest withDump(DumpFacts facts, List<SequenceState> states) {
        return new Manifest(formatVersion, writtenBy, runId, createdAt, snapshotId, snapshotTime, sourceDatabase, systemIdentifier,
                tables, schema, roles, migrationsTable, migrations, states, facts, largeObjects, globals);
    }

    /** This manifest with the globals written beside its dump. */
    public Manifest withGlobals(Globals written) {
        return new Manifest(formatVersion, writtenBy, runId, createdAt, snapshotId, snapshotTime, sourceDatabase, systemIdentifier,
                tables, schema, roles, migrationsTable, migrations, sequences, dump, largeObjects, written);
    }

    /** The globals file of a dump: {@code <dump>.globals.sql} beside it. */
    public static Path globalsFileFor(Path dump) {
        return dump.resolveSibling(dump.getFileName() + ".globals.sql");
    }

    public Map<String, String> sequenceStates() {
        Map<String, String> states = new TreeMap<>();
        if (sequences != null) {
            sequences.forEach(s -> states.put(s.name(), s.state()));
        }
        return states;
    }

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
        Path file = FileMode.of(dump).createEmpty(fileFor(dump));
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
            return file;
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot write the manifest " + file + "; check drill.dump.dir", cannotWrite);
        }
    }

    /** Reads a manifest this tool wrote; one of another format version is refused with what to do. */
    public static Manifest read(Path file) {
        return parse(file, bytesOf(file));
    }

    /** The manifest's bytes, read once: a drill verifies its signature over these and parses these same bytes. */
    public static byte[] bytesOf(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the manifest " + file + " (" + unreadable.getMessage() + "). Check its"
                    + " owner and mode, or take a new backup with make backup.", unreadable);
        }
    }

    /** Parses {@code bytes}, read from {@code file}; one of another format version is refused with what to do. */
    public static Manifest parse(Path file, byte[] bytes) {
        Manifest manifest;
        try {
            manifest = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(bytes, Manifest.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the manifest " + file + " (" + unreadable.getMessage().lines().findFirst().orElse("")
                    + "). Move it away to restore the dump without one, or take a new backup with make backup.", unreadable);
        }
        if (!READABLE.contains(manifest.formatVersion()) || manifest.dump() == null) {
            throw new IllegalStateException("The manifest " + file + " has formatVersion " + manifest.formatVersion()
                    + "; this drill reads versions 3 and " + FORMAT_VERSION + " (docs/manifest.md). Take a new backup with make backup.");
        }
        List<String> problems = manifest.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The manifest " + file + " holds names no catalog has: " + String.join("; ", problems)
                    + ". It was edited or damaged; take a new backup with make backup, or move the manifest away to restore the dump"
                    + " without one.");
        }
        return manifest;
    }

    /**
     * Names that could not have come from PostgreSQL: a table with an empty or NUL-bearing schema or
     * name, a sequence not written as pg_dump quotes names. The drill quotes every name it puts in SQL;
     * this refuses a hand-edited manifest before anything reads it.
     */
    List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        for (TableDigest table : tables == null ? List.<TableDigest>of() : tables) {
            if (!plausible(table.schema()) || !plausible(table.name())) {
                problems.add("table '" + printable(table.schema()) + "'.'" + printable(table.name()) + "'");
            }
        }
        for (SequenceState sequence : sequences == null ? List.<SequenceState>of() : sequences) {
            if (!DumpSequences.isQuotedName(sequence.name())) {
                problems.add("sequence '" + printable(sequence.name()) + "'");
            }
        }
        return problems;
    }

    private static boolean plausible(String identifier) {
        return identifier != null && !identifier.isEmpty() && identifier.indexOf(0) < 0 && identifier.length() <= 63 * 4;
    }

    private static String printable(String text) {
        return text == null ? "(null)" : text.replaceAll("\\p{Cntrl}", "?");
    }
}
