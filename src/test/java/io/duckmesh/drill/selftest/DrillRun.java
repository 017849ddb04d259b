package io.duckmesh.drill.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs the real stage classes in-process through JUnit's EngineTestKit, with settings given as
 * configuration parameters and, optionally, a fault injected between stages. Each run has its own
 * dump and reports folders.
 */
final class DrillRun {

    private final Path workDir;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private DrillRun(Path workDir) {
        this.workDir = workDir;
        parameters.put("junit.jupiter.testclass.order.default", "io.duckmesh.drill.stages.StageOrder");
        parameters.put(io.duckmesh.drill.stages.DrillExtension.ISOLATED, "true");
        parameters.putAll(new java.util.TreeMap<>(io.duckmesh.drill.stages.ClusterParallelism.PARAMETERS));
        parameters.put("drill.reports.dir", workDir.resolve("reports").toString());
        parameters.put("drill.dump.dir", workDir.resolve("dumps").toString());
    }

    static DrillRun in(Path workDir) {
        return new DrillRun(workDir);
    }

    DrillRun with(String setting, String value) {
        parameters.put(setting, value);
        return this;
    }

    /** SQL run on the source after it is loaded, before Backup. */
    DrillRun preparingSource(String sql) {
        return with(SqlFaults.Point.SOURCE_SETUP.parameter(), sql);
    }

    /** SQL run on the restored database after Restore, before the checks. */
    DrillRun damagingRestored(String sql) {
        return with(SqlFaults.Point.RESTORED.parameter(), sql);
    }

    /** SQL run on the restored database after the parity stages, before RelationalConsistency. */
    DrillRun damagingRestoredLate(String sql) {
        return with(SqlFaults.Point.RESTORED_LATE.parameter(), sql);
    }

    /** SQL run on the restored database after RelationalConsistency, before IntegrityRun. */
    DrillRun damagingRestoredAfterChecks(String sql) {
        return with(SqlFaults.Point.RESTORED_AFTER_CHECKS.parameter(), sql);
    }

    /** SQL run on the source after Backup, after Restore and after ContentParity (empty: nothing at that point). */
    DrillRun alteringSource(String afterBackup, String afterRestore, String afterContent) {
        return with(SqlFaults.Point.SOURCE_AFTER_BACKUP.parameter(), afterBackup).with(SqlFaults.Point.SOURCE_AFTER_RESTORE.parameter(), afterRestore)
                .with(SqlFaults.Point.SOURCE_AFTER_CONTENT.parameter(), afterContent);
    }

    /** SQL run on the source inside Backup, after the snapshot's export and before the backup locks any table. */
    DrillRun alteringSourceAfterExport(String sql) {
        return with(SourceAfterExport.PARAMETER, sql);
    }

    /** Cuts the dump to half its size after Backup. */
    DrillRun truncatingDump() {
        return with(DumpDamage.PARAMETER, "truncate");
    }

    DrillOutcome run() {
        List<DiscoverySelector> selectors = new ArrayList<>(List.of(selectPackage("io.duckmesh.drill.stages"),
                selectClass(DumpDamage.class), selectClass(SourceAfterExport.class)));
        SqlFaults.classes().forEach(type -> selectors.add(selectClass(type)));
        MidDrillFaults.classes().forEach(type -> selectors.add(selectClass(type)));
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectors.toArray(DiscoverySelector[]::new))
                .configurationParameters(parameters)
                .execute();
        return new DrillOutcome(results, workDir.resolve("reports"), workDir.resolve("dumps"));
    }
}
