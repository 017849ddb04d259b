package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.check.GlobalsParityCheck;
import io.duckmesh.drill.inspect.GlobalsInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.restore.GlobalsRestore;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.target.GlobalsHome;
import io.duckmesh.drill.target.GlobalsScratchServer;
import io.duckmesh.drill.target.RestoreTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * drill.globals in the stages: 20 Restore restores the backup's globals file onto its own server before
 * the dump (so owners and grants restore with the source's roles, none created as stand-ins), and 30
 * SchemaParity compares the globals there with the manifest's, both ways; where the restore server is
 * shared or holds the source, SchemaParity restores the file onto a scratch embedded PostgreSQL instead.
 */
final class GlobalsDrill {

    private GlobalsDrill() {
    }

    /** The manifest's globals when drill.globals asks for them (10 Backup refused a backup without). */
    static Optional<Manifest.Globals> recorded(DrillContext drill) {
        return drill.settings().globals() ? Optional.ofNullable(drill.manifest().globals()) : Optional.empty();
    }

    /** 20 Restore: onto the restore target's own server, if it has one; empty otherwise (SchemaParity does it then). */
    static Optional<GlobalsRestore.Restored> beforeTheDump(DrillContext drill, RestoreTarget target, StageScope stage) throws Exception {
        if (recorded(drill).isEmpty()) {
            return Optional.empty();
        }
        Optional<GlobalsHome> home = target.globalsHome();
        if (home.isEmpty()) {
            drill.evidence().note("globals: not restored onto " + target.describe() + ", which is shared or holds the source;"
                    + " 30 SchemaParity restores them onto a scratch embedded PostgreSQL and compares them there");
            return Optional.empty();
        }
        return Optional.of(restore(drill, home.get(), stage));
    }

    /** 30 SchemaParity: the restored globals against the manifest's; empty without drill.globals. */
    static Optional<CheckResult> parity(DrillContext drill, StageScope stage) throws Exception {
        Optional<Manifest.Globals> recorded = recorded(drill);
        if (recorded.isEmpty()) {
            if (drill.manifest().globals() != null) {
                drill.evidence().note("globals: the backup has a globals file; not drilled (drill.globals=false)");
            }
            return Optional.empty();
        }
        Optional<GlobalsRestore.Restored> onRestoreServer = drill.globalsRestored();
        if (onRestoreServer.isPresent()) {
            return Optional.of(compare(drill, recorded.get(), onRestoreServer.get()));
        }
        try (GlobalsScratchServer scratch = drill.evidence().step("start a scratch embedded PostgreSQL for the globals",
                () -> new GlobalsScratchServer(DrillTarget.startupWait(drill.settings())))) {
            return Optional.of(compare(drill, recorded.get(), restore(drill, scratch.home(), stage)));
        }
    }

    private static CheckResult compare(DrillContext drill, Manifest.Globals recorded, GlobalsRestore.Restored restored) throws Exception {
        List<SchemaObject> globals = drill.evidence().step("list the roles, memberships, role settings and tablespaces of "
                + restored.server(), () -> restorer(drill).globals(restored.server()));
        boolean options = has(recorded.objects()) && has(globals);
        if (!options && (has(recorded.objects()) || has(globals))) {
            drill.evidence().note("globals: membership options (INHERIT, SET) not compared: only one side's PostgreSQL (16+) keeps them");
        }
        // The run's restore role is the drill's, created after the globals: the server's own, as the bootstrap superuser is.
        java.util.Set<String> own = new java.util.HashSet<>(restored.serversOwnRoles());
        drill.restoreRole().ifPresent(own::add);
        return new GlobalsParityCheck().compare(recorded.objects(), globals, own, options);
    }

    private static boolean has(List<SchemaObject> globals) {
        return globals.stream().anyMatch(o -> o.kind().equals(GlobalsInventory.MEMBERSHIP_OPTION));
    }

    private static GlobalsRestore.Restored restore(DrillContext drill, GlobalsHome home, StageScope stage) throws Exception {
        Path file = Manifest.globalsFileFor(drill.dump().file());
        GlobalsRestore.Restored restored = drill.evidence().step("restore the backup's globals " + file.getFileName() + " onto "
                + home.describe() + " with psql, as pg_dumpall's output is restored (the whole file, errors reported)",
                () -> restorer(drill).restore(home.admin(), file, home.folder()));
        drill.evidence().text("globals restore log", restored.log().display() + System.lineSeparator()
                + GlobalsRestore.hide(restored.log().output()));
        if (!restored.expected().isEmpty()) {
            drill.evidence().note("globals: " + restored.expected().size() + (restored.expected().size() == 1 ? " statement" : " statements")
                    + " on the server's own roles "
                    + restored.serversOwnRoles() + " refused, as pg_dumpall foresees: " + String.join("; ", restored.expected()));
        }
        if (!restored.refused().isEmpty()) {
            throw stage.failure("The backup's globals file " + file + " did not restore onto " + home.describe() + ": "
                    + restored.refused().size() + (restored.refused().size() == 1 ? " statement was" : " statements were") + " refused:"
                    + System.lineSeparator()
                    + String.join(System.lineSeparator(), restored.refused()) + System.lineSeparator() + "What they create is not"
                    + " restorable as the backup has it. Read the attached 'globals restore log', fix the source's roles or"
                    + " tablespaces it names, and take the backup again (make backup ARGS=-Ddrill.globals=true).");
        }
        return restored;
    }

    private static GlobalsRestore restorer(DrillContext drill) {
        Path psql = drill.tools().locate("psql").orElseThrow(() -> new IllegalStateException("psql is not installed, and"
                + " drill.globals=true restores the globals file with it: install the PostgreSQL client tools"
                + " (apt-get install postgresql-client-15) or set drill.pg.bin-dir to the folder holding psql"));
        return new GlobalsRestore(psql, drill.runner(), drill.sessions(), drill.settings().restoreTimeout());
    }
}
