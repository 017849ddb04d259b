package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.BackupTaker;
import io.duckmesh.drill.backup.GlobalsBackup;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.backup.ManifestBuilder;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.evidence.Evidence;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A backup of the source as it is now, in an exported snapshot, with its manifest: what 10 Backup
 * takes in a drill and {@code make backup} takes on its own. Says what it held on the source and
 * which tables the backup does not have.
 */
public record FreshBackup(Evidence evidence, PgClient client, PgSessions sessions, ManifestBuilder builder,
                          Optional<GlobalsBackup> globals, Optional<io.duckmesh.drill.postgres.Secret> signingKey) {

    /**
     * The backup the settings ask for: with the cluster's globals beside the dump under drill.globals, and
     * its manifest signed under drill.backup.signing-secret.
     */
    public static FreshBackup of(DrillSettings settings, Evidence evidence, PgClient client, PgSessions sessions, ManifestBuilder builder) {
        return new FreshBackup(evidence, client, sessions, builder, settings.globals()
                ? Optional.of(new GlobalsBackup(client, sessions, settings.globalsPasswords(), evidence)) : Optional.empty(),
                settings.signingKey());
    }

    /** The name of a fresh dump: the source database and the run it belongs to. */
    public static Path file(Path dumpDir, PgEndpoint source, String runId) {
        return dumpDir.resolve(source.database() + "-" + runId + ".dump");
    }

    /**
     * Dumps {@code source} into {@code file} in {@code snapshot} (or, without one, live, with the
     * manifest read after the dump), writes the manifest beside it, and notes the locks and the tables
     * created meanwhile.
     */
    public BackupTaker.Taken take(PgEndpoint source, Path file, String format, Optional<SourceSnapshot> snapshot,
                                  Map<String, String> versions) {
        BackupTaker.Taken taken = new BackupTaker(client, sessions, builder, evidence, globals).take(source, file, format, snapshot, versions);
        signingKey.ifPresent(key -> {
            Path signature = evidence.step("sign the manifest with drill.backup.signing-secret (Ed25519)",
                    () -> io.duckmesh.drill.backup.ManifestSignature.sign(taken.manifestFile(), key.reveal()));
            evidence.note("manifest signed: " + signature.getFileName());
        });
        taken.manifestLocks().ifPresent(locks -> {
            double held = locks.toMillis() / 1000.0;
            double dump = taken.log().duration().toMillis() / 1000.0;
            evidence.note(String.format(Locale.ROOT, "source locks: ACCESS SHARE on every drilled table for %.1f s, held by the"
                    + " manifest's session from before pg_dump started until both ended (pg_dump took %.1f s%s); the exported"
                    + " snapshot's transaction reads nothing and holds no lock", held, dump, held > dump + 1 ? ", the manifest longer" : ""));
        });
        Optional.ofNullable(taken.manifest().globals()).ifPresent(written -> evidence.note(String.format(Locale.ROOT, "globals: %d roles,"
                + " %d memberships, %d role settings and %d tablespaces in %s (%s)", count(written, "role"), count(written, "role membership"),
                count(written, "role setting"), count(written, "tablespace"), written.file().name(), written.passwords()
                        ? "with the roles' password hashes: keep it as private as the dump" : "without password hashes")));
        taken.createdMeanwhile().forEach(table -> evidence.note("not in this backup: " + table + " was created on the source after"
                + " the snapshot (the backup is the source at the snapshot; the next one has it)"));
        return taken;
    }

    private static long count(io.duckmesh.drill.backup.Manifest.Globals globals, String kind) {
        return globals.objects().stream().filter(o -> o.kind().equals(kind)).count();
    }
}
