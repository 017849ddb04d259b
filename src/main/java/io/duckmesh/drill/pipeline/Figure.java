package io.duckmesh.drill.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A figure a stage records for drill-summary.json (and the metrics), under its name in the summary,
 * with the type of its value: {@code Figure.BACKUP_AGE_SECONDS} holds a Double. A stage records it with
 * {@link DrillContext#record}; Cleanup reads it back typed with {@link DrillContext#figure}.
 *
 * @param <T> the value's type
 */
public final class Figure<T> {

    /** The pg_dump that dumps (or would dump) the source: "pg_dump (PostgreSQL) 15.14". */
    public static final Figure<String> PG_DUMP_VERSION = new Figure<>("pgDumpVersion");
    /** The source server's system identifier, database and version number. */
    public static final Figure<Map<String, Object>> SOURCE_IDENTITY = new Figure<>("sourceIdentity");
    public static final Figure<Integer> SOURCE_SERVER_VERSION_NUM = new Figure<>("sourceServerVersionNum");
    /** The server the backup is restored into: "17.11" for an upgrade rehearsal into PostgreSQL 17. */
    public static final Figure<String> RESTORE_SERVER_VERSION = new Figure<>("restoreServerVersion");
    public static final Figure<Integer> RESTORE_SERVER_VERSION_NUM = new Figure<>("restoreServerVersionNum");
    /** The pg_restore that restores: "pg_restore (PostgreSQL) 15.14". */
    public static final Figure<String> PG_RESTORE_VERSION = new Figure<>("pgRestoreVersion");
    /**
     * Whether pg_restore runs as a superuser: drill.restore.user on the verification server (drill.target=server, Preflight
     * warns when it is), else drill.restore.allow-superuser.
     */
    public static final Figure<Boolean> RESTORE_USER_SUPERUSER = new Figure<>("restoreUserSuperuser");
    /** The role pg_restore ran as. */
    public static final Figure<String> RESTORED_AS = new Figure<>("restoredAs");
    /** How the owners and privileges were proven: restored, archive (replayed from it, rolled back) or not compared. */
    public static final Figure<String> OWNERS_PROVEN = new Figure<>("ownersProven");
    /** Throwaway databases of earlier drills that Preflight dropped on the verification server. */
    public static final Figure<List<String>> STALE_DATABASES = new Figure<>("staleDatabases");
    /** How old the backup was when the drill started (an existing backup's age, or nearly 0 for a fresh one). */
    public static final Figure<Double> BACKUP_AGE_SECONDS = new Figure<>("backupAgeSeconds");
    public static final Figure<String> BACKUP_TAKEN_AT = new Figure<>("backupTakenAt");
    /** How long the manifest's session held ACCESS SHARE locks on the source's tables. */
    public static final Figure<Double> MANIFEST_LOCK_SECONDS = new Figure<>("manifestLockSeconds");
    /** How long the dump's exported snapshot was held on the source. */
    public static final Figure<Double> SNAPSHOT_HELD_SECONDS = new Figure<>("snapshotHeldSeconds");
    public static final Figure<Integer> TABLES_CHECKSUMMED_WHILE_PG_RESTORE_RAN = new Figure<>("tablesChecksummedWhilePgRestoreRan");
    /** Where the restored copy's checksums came from (20 Restore while pg_restore ran, or 40 RowCountParity). */
    public static final Figure<String> RESTORED_CHECKSUMS = new Figure<>("restoredChecksums");
    /** The newest timestamp of the restored data, from the profile's freshness column. */
    public static final Figure<String> NEWEST_DATA_AT = new Figure<>("newestDataAt");
    /** duckmesh's integrity run on the restored copy: its id, status and checks. */
    public static final Figure<Map<String, Object>> INTEGRITY_RUN = new Figure<>("integrityRun");

    private final String name;

    private Figure(String name) {
        this.name = name;
    }

    /** The figure's name in drill-summary.json. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
