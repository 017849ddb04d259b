package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.evidence.Evidence;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.settings.SettingsException;
import io.duckmesh.drill.target.DatabaseSelection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drills of one run: one {@link DrillContext} for the database in drill.source.url, or one per database
 * drill.databases names, each with settings of its own ({@link DrillSettings#forDatabase}). Each context is
 * opened when its first stage asks for it, so that a database's Preflight starts its own clock.
 */
public final class DrillCluster implements AutoCloseable {

    private final Optional<DrillSettings> settings;
    private final List<String> databases;
    private final Optional<SettingsException> problem;
    private final Evidence evidence;
    private final Map<Integer, DrillContext> opened = new LinkedHashMap<>();

    private DrillCluster(Optional<DrillSettings> settings, List<String> databases, Optional<SettingsException> problem, Evidence evidence) {
        this.settings = settings;
        this.databases = databases;
        this.problem = problem;
        this.evidence = evidence;
    }

    /** The run of {@code settings}: drill.databases resolved against the source server now, when it holds a pattern. */
    public static DrillCluster of(DrillSettings settings, Evidence evidence) {
        if (!settings.cluster()) {
            return new DrillCluster(Optional.of(settings), List.of(""), Optional.empty(), evidence);
        }
        if (settings.target() != io.duckmesh.drill.settings.Target.SERVER) {
            return failed(settings, "drill.databases=" + String.join(",", settings.databases()) + " drills databases of the server at"
                    + " drill.source.url, and drill.target=" + settings.target().setting() + " drills a catalog of its own: set"
                    + " drill.target=server with drill.restore.url, or leave drill.databases empty.", evidence);
        }
        PgSessions sessions = new PgSessions(settings.connectTimeout(), settings.statementTimeout());
        try {
            List<String> databases = new DatabaseSelection(sessions).resolve(settings.databases(), settings.sourceEndpoint());
            return new DrillCluster(Optional.of(settings), databases, Optional.empty(), evidence);
        } catch (SQLException unreachable) {
            return failed(settings, "drill.databases=" + String.join(",", settings.databases()) + ": cannot list the databases of "
                    + settings.sourceEndpoint() + " (" + unreachable.getMessage().strip() + "); check drill.source.url and that the"
                    + " server is up, or name the databases instead of a pattern.", evidence);
        } catch (IllegalArgumentException noMatch) {
            return failed(settings, noMatch.getMessage(), evidence);
        }
    }

    /** A run whose settings are invalid: one drill, whose Preflight reports the problems. */
    public static DrillCluster invalid(SettingsException problem, Evidence evidence) {
        return new DrillCluster(Optional.empty(), List.of(""), Optional.of(problem), evidence);
    }

    private static DrillCluster failed(DrillSettings settings, String problem, Evidence evidence) {
        return new DrillCluster(Optional.empty(), List.of(""), Optional.of(SettingsException.of(problem, settings)), evidence);
    }

    /** True when drill.databases drills several databases (even when it resolved to one). */
    public boolean several() {
        return settings.map(DrillSettings::cluster).orElse(false);
    }

    /** The databases, in the order they are drilled; one empty name when a single database is. */
    public List<String> databases() {
        return databases;
    }

    /** The run's settings, before any database's own; empty when they are invalid. */
    public Optional<DrillSettings> settings() {
        return settings;
    }

    /** The drill of the {@code index}th database (0-based), opened on first use. */
    public synchronized DrillContext drill(int index) {
        if (index < 0 || index >= databases.size()) {
            throw new IllegalArgumentException("No database number " + (index + 1) + " in this run: it drills " + databases);
        }
        return opened.computeIfAbsent(index, this::open);
    }

    private DrillContext open(int index) {
        if (problem.isPresent()) {
            return DrillContext.invalid(problem.get(), evidence);
        }
        DrillSettings run = settings.orElseThrow();
        return DrillContext.of(several() ? run.forDatabase(databases.get(index)) : run, evidence.forDatabase(several()
                ? Optional.of(databases.get(index)) : Optional.empty()));
    }

    /** The drills opened so far, in the order of {@link #databases()}, with their database. */
    public synchronized Map<String, DrillContext> opened() {
        Map<String, DrillContext> byDatabase = new LinkedHashMap<>();
        for (int i = 0; i < databases.size(); i++) {
            DrillContext drill = opened.get(i);
            if (drill != null) {
                byDatabase.put(databases.get(i), drill);
            }
        }
        return byDatabase;
    }

    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        List<DrillContext> drills;
        synchronized (this) {
            drills = List.copyOf(opened.values());
        }
        for (DrillContext drill : drills) {
            try {
                drill.close();
            } catch (IllegalStateException cannotStop) {
                problems.add(cannotStop.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }
}
