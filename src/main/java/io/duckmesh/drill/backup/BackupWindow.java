package io.duckmesh.drill.backup;

import io.duckmesh.drill.inspect.StoredTable;
import io.duckmesh.drill.inspect.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What DDL did to the drilled tables between the snapshot's export and the moment the backup held its
 * own locks on them, and whether the archive holds every table of the manifest. pg_dump reads the
 * catalog in the snapshot but locks and reads tables by name in the present, so a table dropped,
 * renamed, altered or rewritten in that window makes the dump fail, or (TRUNCATE and every other
 * rewrite: a snapshot older than the rewrite sees the table empty) silently hold none of its rows
 * while the manifest, read the same way, agrees. A table created in the window is in neither, as
 * it should be: the backup is the source at the snapshot.
 */
public final class BackupWindow {

    /** The archive's table entries: {@code <id>; <catalog oid> <oid> <desc> <schema> <name> <owner>}. */
    private static final Pattern TABLE_ENTRY = Pattern.compile(
            "^\\d+; \\d+ ([1-9]\\d*) (?:TABLE DATA|TABLE(?! ATTACH )|MATERIALIZED VIEW DATA|MATERIALIZED VIEW) (\\S+) (.+?)(?: \\S*)?$");

    /**
     * @param created  tables that exist now and did not at the snapshot: not in the backup, correctly
     * @param changed  tables the snapshot has that were dropped, renamed, altered or rewritten since
     */
    public record Changes(List<String> created, List<String> changed) {

        public boolean safe() {
            return changed.isEmpty();
        }

        /** One sentence per change, changes first. */
        public String describe() {
            List<String> all = new ArrayList<>(changed);
            created.forEach(table -> all.add(table + " was created after the snapshot (it is not in this backup, which is the source"
                    + " at the snapshot)"));
            return String.join("; ", all);
        }

        /** The Backup failure for unsafe changes, or for a lock that failed because of them. */
        public String failure(String cause) {
            return "DDL ran on the source while the backup was taken, between the snapshot's export and the backup's locks on its"
                    + " tables: " + describe() + cause + ". The backup would not be the source at any one moment, so it is not"
                    + " kept: run the drill (or make backup) again when no migration runs on the source.";
        }
    }

    /** Compares the tables as the snapshot saw them with the live source's, by oid and by name. */
    public Changes compare(List<StoredTable> snapshot, List<StoredTable> live) {
        Map<Long, StoredTable> liveByOid = index(live, StoredTable::oid);
        Map<TableRef, StoredTable> liveByName = index(live, StoredTable::table);
        Set<Long> snapshotOids = snapshot.stream().map(StoredTable::oid).collect(Collectors.toSet());
        Set<TableRef> snapshotNames = snapshot.stream().map(StoredTable::table).collect(Collectors.toSet());
        List<String> changed = new ArrayList<>();
        for (StoredTable then : snapshot) {
            StoredTable now = liveByOid.get(then.oid());
            if (now == null) {
                changed.add(liveByName.containsKey(then.table()) ? then.table() + " was dropped and created again (the backup would"
                        + " read the new, empty-looking table)" : then.table() + " was dropped");
            } else if (!now.table().equals(then.table())) {
                changed.add(then.table() + " was renamed to " + now.table());
            } else if (now.fileNode() != then.fileNode()) {
                changed.add(then.table() + " was emptied or rewritten (TRUNCATE, VACUUM FULL, CLUSTER, REFRESH MATERIALIZED VIEW or an"
                        + " ALTER TABLE that rewrites it): the snapshot sees it empty, so the backup would hold none of its rows");
            } else if (!now.columns().equals(then.columns()) || !now.kind().equals(then.kind())) {
                changed.add(then.table() + " was altered (columns at the snapshot: " + then.columns() + "; now: " + now.columns() + ")");
            }
        }
        List<String> created = live.stream().filter(t -> !snapshotOids.contains(t.oid()) && !snapshotNames.contains(t.table()))
                .map(t -> t.table().toString()).toList();
        return new Changes(created, changed);
    }

    /**
     * The manifest's tables the archive has no entry for, and the archive's tables in the drilled
     * schemas (empty: every schema) the manifest does not have, each named; empty when they agree.
     */
    public List<String> archiveDisagreements(List<StoredTable> manifestTables, List<String> toc, List<String> schemas) {
        Map<Long, String> archived = new TreeMap<>();
        for (String line : toc) {
            Matcher entry = TABLE_ENTRY.matcher(line);
            if (entry.matches()) {
                archived.put(Long.parseLong(entry.group(1)), entry.group(2) + "." + entry.group(3));
            }
        }
        List<String> disagreements = new ArrayList<>();
        Set<Long> manifestOids = manifestTables.stream().map(StoredTable::oid).collect(Collectors.toSet());
        manifestTables.stream().filter(t -> !archived.containsKey(t.oid()))
                .forEach(t -> disagreements.add(t.table() + " (oid " + t.oid() + ") is in the manifest but not in the archive"));
        archived.forEach((oid, name) -> {
            String schema = name.substring(0, name.indexOf('.'));
            boolean drilled = schemas.isEmpty() ? !schema.equals("pg_catalog") && !schema.equals("information_schema")
                    : schemas.contains(schema);
            if (drilled && !manifestOids.contains(oid)) {
                disagreements.add(name + " (oid " + oid + ") is in the archive but not in the manifest");
            }
        });
        return disagreements;
    }

    private static <K> Map<K, StoredTable> index(List<StoredTable> tables, Function<StoredTable, K> key) {
        Map<K, StoredTable> byKey = new java.util.HashMap<>();
        tables.forEach(t -> byKey.put(key.apply(t), t));
        return byKey;
    }
}
