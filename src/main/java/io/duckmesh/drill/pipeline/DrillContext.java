package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.SourceSide;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.evidence.Evidence;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.settings.SettingsException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state one drill run passes from stage to stage: settings, the source, the dump, the restored
 * copy (as the typed results of the stages that made them), and how each stage ended. The stage
 * layer keeps it in JUnit's root store; it is closed at the end of the
 * run, which stops anything the drill started that Cleanup did not.
 */
public final class DrillContext implements AutoCloseable {

    private final Optional<DrillSettings> settings;
    private final Optional<SettingsException> settingsProblem;
    private final String runId;
    private final Instant startedAt;
    private final Evidence evidence;
    private final CommandRunner runner = new CommandRunner();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::interrupted, "drill-shutdown");
    private final List<StageOutcome> outcomes = new ArrayList<>();
    private final Map<Figure<?>, Object> figures = new ConcurrentHashMap<>();
    private final Map<io.duckmesh.drill.result.StageCheck, Integer> checkFindings = new java.util.TreeMap<>();
    private final Map<io.duckmesh.drill.result.Finding.Kind, List<Map<String, Object>>> findingsByKind =
            new java.util.EnumMap<>(io.duckmesh.drill.result.Finding.Kind.class);

    private PgTools tools;
    private Prepared prepared;
    private BackedUp backedUp;
    private Restored restored;
    private Counted counted;
    private final List<Runnable> afterSnapshotExport = new ArrayList<>();
    private io.duckmesh.drill.check.RowValues rowValues;
    private io.duckmesh.drill.evidence.DrillSummary summary;

    private DrillContext(Optional<DrillSettings> settings, Optional<SettingsException> settingsProblem, Evidence evidence) {
        this.settings = settings;
        this.settingsProblem = settingsProblem;
        this.startedAt = Instant.now();
        this.runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(startedAt)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.evidence = evidence;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Runs when the JVM is stopped (SIGTERM, Ctrl-C) before the drill ended: kills pg_dump or
     * pg_restore, drops the throwaway database or stops the servers, closes the source snapshot.
     */
    private void interrupted() {
        runner.destroyAll();
        List<String> problems = release();
        evidence.console("drill " + runId + " interrupted: released what it created"
                + (problems.isEmpty() ? "" : "; could not release " + problems + ", remove it by hand or let the next Preflight sweep it"));
    }

    public static DrillContext of(DrillSettings settings, Evidence evidence) {
        return new DrillContext(Optional.of(settings), Optional.empty(), evidence);
    }

    /** A run whose settings are invalid: Preflight reports the problems and the rest is skipped. */
    public static DrillContext invalid(SettingsException problem, Evidence evidence) {
        return new DrillContext(Optional.empty(), Optional.of(problem), evidence);
    }

    public Optional<SettingsException> settingsProblem() {
        return settingsProblem;
    }

    /** The settings; only called once Preflight has seen them valid. */
    public DrillSettings settings() {
        return settings.orElseThrow(() -> new IllegalStateException(
                "The drill settings are invalid; stage 00 Preflight lists why", settingsProblem.orElse(null)));
    }

    public Optional<DrillSettings> validSettings() {
        return settings;
    }

    /** The settings, or when they are invalid the valid ones with defaults for the rest: for Cleanup only. */
    public DrillSettings bestEffortSettings() {
        return settings.orElseGet(() -> settingsProblem.orElseThrow().fallback());
    }

    public boolean dryRun() {
        return settings.map(DrillSettings::dryRun).orElse(false);
    }

    public String runId() {
        return runId;
    }

    /** drill.evidence.values for every row a check shows, under one key for the whole run (a value hashes alike in every stage). */
    public synchronized io.duckmesh.drill.check.RowValues rowValues() {
        if (rowValues == null) {
            rowValues = new io.duckmesh.drill.check.RowValues(settings().evidenceValues());
        }
        return rowValues;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Evidence evidence() {
        return evidence;
    }

    public CommandRunner runner() {
        return runner;
    }

    public PgSessions sessions() {
        return new PgSessions(settings().connectTimeout(), settings().statementTimeout());
    }

    public synchronized PgTools tools() {
        if (tools == null) {
            tools = new PgTools(settings().pgBinDir(), System.getenv("PATH"), runner);
        }
        return tools;
    }

    /** 00 Preflight's result: set once the source is reached, before Preflight's checks. */
    public synchronized void prepared(Prepared result) {
        this.prepared = result;
    }

    public synchronized Prepared prepared() {
        return require(prepared, "the prepared source", "00 Preflight");
    }

    /** Empty when 00 Preflight did not get as far as reaching the source (for Cleanup). */
    public synchronized Optional<Prepared> preparedIfAny() {
        return Optional.ofNullable(prepared);
    }

    /** Where pg_dump and pg_restore run: chosen by Preflight for the target. */
    public synchronized PgClient client() {
        return prepared().client();
    }

    /** Something the drill started (a server, a database) that must go when the run ends. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes what the drill started, newest first. Returns what could not be closed, for Cleanup to report. */
    public synchronized List<String> release() {
        List<String> problems = new ArrayList<>();
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception cannotClose) {
                problems.add(resource + ": " + cannotClose.getMessage());
            }
        }
        return problems;
    }

    public synchronized SourceFixture source() {
        return prepared().source();
    }

    public synchronized Optional<SourceFixture> sourceIfKnown() {
        return Optional.ofNullable(prepared).map(Prepared::source);
    }

    /** 10 Backup's result: set as soon as the dump is known, before Backup's checks. */
    public synchronized void backedUp(BackedUp result) {
        this.backedUp = result;
    }

    public synchronized DumpArtifact dump() {
        return require(backedUp, "the dump", "10 Backup").dump();
    }

    public synchronized Optional<DumpArtifact> dumpIfTaken() {
        return Optional.ofNullable(backedUp).map(BackedUp::dump);
    }

    /** The source side of every parity check: the manifest, where it came from, the snapshot it was taken in. */
    public synchronized SourceSide sourceSide() {
        return require(backedUp, "the manifest", "10 Backup").sourceSide();
    }

    public synchronized Manifest manifest() {
        return sourceSide().manifest();
    }

    /**
     * Ends the exported snapshot's transaction on the source once no stage needs the source as the dump
     * saw it (drill.source.snapshot-hold), and records how long it was held; later reads of the source
     * read it live and say so. Does nothing when there is no snapshot, or it was released already.
     */
    public synchronized void releaseSnapshot(String why) {
        if (backedUp == null || backedUp.sourceSide().snapshot().isEmpty()) {
            return;
        }
        SourceSnapshot snapshot = sourceSide().snapshot().get();
        double held = snapshot.heldFor().toMillis() / 1000.0;
        try {
            snapshot.close();
        } catch (java.sql.SQLException cannotEnd) {
            throw new IllegalStateException("Cannot end " + snapshot + " (" + why + "): " + cannotEnd.getMessage()
                    + "; it ends when the drill's session on the source does", cannotEnd);
        }
        SourceSide side = backedUp.sourceSide();
        backedUp = backedUp.with(new SourceSide(side.manifest(), side.kind(), Optional.empty(), side.liveRequested(), side.dump()));
        record(Figure.SNAPSHOT_HELD_SECONDS, held);
        evidence.console(String.format(java.util.Locale.ROOT, "released %s after %.1f s (%s)", snapshot, held, why));
    }

    /**
     * Runs {@code action} right after Backup exports the source's snapshot and before the backup locks
     * any table: self-tests use it to run DDL on the source inside that window.
     */
    public synchronized void afterSnapshotExport(Runnable action) {
        afterSnapshotExport.add(action);
    }

    /** Backup calls this when it has exported the snapshot. */
    public void snapshotExported() {
        List<Runnable> actions;
        synchronized (this) {
            actions = List.copyOf(afterSnapshotExport);
        }
        actions.forEach(Runnable::run);
    }

    /** The dump's exported snapshot, still open; empty for an existing backup, drill.parity.live-source, or once released. */
    public synchronized Optional<SourceSnapshot> snapshot() {
        return backedUp == null ? Optional.empty() : backedUp.sourceSide().snapshot();
    }

    /** 20 Restore's result: set when pg_restore has ended, whether it succeeded or not. */
    public synchronized void restored(Restored result) {
        this.restored = result;
    }

    public synchronized PgEndpoint restored() {
        return require(restored, "the restored database", "20 Restore").endpoint();
    }

    /** How 30 SchemaParity proves the owners and privileges of what 20 Restore restored. */
    public synchronized Restored.Owners restoredOwners() {
        return require(restored, "the restored database", "20 Restore").owners();
    }

    /** The run's role 20 Restore ran pg_restore as; empty where it ran as the drill's own user, or has not run. */
    public synchronized Optional<String> restoreRole() {
        return Optional.ofNullable(restored).flatMap(Restored::restoreRole);
    }

    public synchronized Optional<CommandResult> restoreResult() {
        return Optional.ofNullable(restored).map(Restored::result);
    }

    /** How 20 Restore restored the backup's globals onto its own server; empty where it did not (see SchemaParity). */
    public synchronized Optional<io.duckmesh.drill.restore.GlobalsRestore.Restored> globalsRestored() {
        return Optional.ofNullable(restored).flatMap(Restored::globals);
    }

    /** The digests 20 Restore took while pg_restore ran, now valid up to another write mark (SchemaParity's replays). */
    public synchronized void digestsTaken(io.duckmesh.drill.restore.DigestsTaken taken) {
        this.restored = require(restored, "the restored database", "20 Restore").with(taken);
    }

    /** Empty when 20 Restore did not take them (no manifest checksums, or a failed restore). */
    public synchronized Optional<io.duckmesh.drill.restore.DigestsTaken> digestsTaken() {
        return Optional.ofNullable(restored).flatMap(Restored::digestsTaken);
    }

    /** 40 RowCountParity's result. */
    public synchronized void counted(Counted result) {
        this.counted = result;
    }

    /** Empty when 40 RowCountParity did not get as far as taking them. */
    public synchronized Optional<Counted> counted() {
        return Optional.ofNullable(counted);
    }

    /** Records a figure for the summary (a tool's version, how long something took); a later value replaces it. */
    public <T> void record(Figure<T> figure, T value) {
        figures.put(figure, value);
    }

    /** A figure a stage recorded, if it did. */
    @SuppressWarnings("unchecked") // record() only ever stores a Figure<T>'s value as a T
    public <T> Optional<T> figure(Figure<T> figure) {
        return Optional.ofNullable((T) figures.get(figure));
    }

    /** Every figure recorded, by its name in the summary. */
    public Map<String, Object> figures() {
        Map<String, Object> named = new java.util.TreeMap<>();
        figures.forEach((figure, value) -> named.put(figure.name(), value));
        return named;
    }

    /** A stage's check results, for the metrics (findings per check). */
    public synchronized void checks(String stage, List<io.duckmesh.drill.result.CheckResult> results) {
        for (io.duckmesh.drill.result.CheckResult result : results) {
            checkFindings.merge(new io.duckmesh.drill.result.StageCheck(stage, result.check()), result.ofKind(io.duckmesh.drill.result.Finding.Kind.RESTORE).size(),
                    Integer::sum);
            for (io.duckmesh.drill.result.Finding finding : result.findings()) {
                Map<String, Object> entry = new java.util.LinkedHashMap<>();
                entry.put("stage", stage);
                entry.put("check", result.check());
                entry.put("code", finding.code().name());
                entry.put("subject", finding.subject());
                entry.put("problem", finding.problem());
                entry.put(result.sourceLabel().strip(), finding.source());
                entry.put(result.restoredLabel().strip(), finding.restored());
                findingsByKind.computeIfAbsent(finding.kind(), k -> new ArrayList<>()).add(entry);
            }
        }
    }

    /** Every finding of the checks that ran, by whose fault it is, for the summary and the metrics. */
    public synchronized Map<io.duckmesh.drill.result.Finding.Kind, List<Map<String, Object>>> findingsByKind() {
        Map<io.duckmesh.drill.result.Finding.Kind, List<Map<String, Object>>> copy = new java.util.EnumMap<>(io.duckmesh.drill.result.Finding.Kind.class);
        for (io.duckmesh.drill.result.Finding.Kind kind : io.duckmesh.drill.result.Finding.Kind.values()) {
            copy.put(kind, List.copyOf(findingsByKind.getOrDefault(kind, List.of())));
        }
        return copy;
    }

    /** The restore's findings per check of each stage that ran. */
    public synchronized Map<io.duckmesh.drill.result.StageCheck, Integer> checkFindings() {
        return Map.copyOf(checkFindings);
    }

    /** 90 Cleanup's summary of this drill, as written to its drill-summary.json. */
    public synchronized void summarised(io.duckmesh.drill.evidence.DrillSummary written) {
        this.summary = written;
    }

    /** Empty until 90 Cleanup has written the summary. */
    public synchronized Optional<io.duckmesh.drill.evidence.DrillSummary> summary() {
        return Optional.ofNullable(summary);
    }

    public synchronized void record(StageOutcome outcome) {
        outcomes.add(outcome);
    }

    public synchronized List<StageOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The first stage that failed, if any: later stages skip with its name. */
    public synchronized Optional<StageOutcome> firstFailure() {
        return outcomes.stream().filter(o -> o.status() == StageOutcome.Status.FAILED).findFirst();
    }

    private static <T> T require(T value, String what, String stage) {
        if (value == null) {
            throw new IllegalStateException(what + " is not available: stage " + stage + " did not complete");
        }
        return value;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            evidence.console("the JVM is shutting down; the drill's shutdown hook releases what it created");
        }
        List<String> problems = release();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The drill could not stop everything it started: " + String.join("; ", problems));
        }
    }
}
