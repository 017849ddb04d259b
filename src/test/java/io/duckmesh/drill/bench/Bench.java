package io.duckmesh.drill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.target.HostPgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.settings.SettingsLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code make bench}: the drill against its floor. On one embedded server (data kept in
 * target/bench/pgdata, so generated catalogs are reused), for each scale of the fixture it times the
 * floor (bare {@code pg_dump -Fc} to a file, then {@code pg_restore -j} into a new database) and make
 * drill as users run it (bin/drill, start to exit, with {@code -Xmx256m}), alternating, {@code bench.runs}
 * times, and prints and writes BENCHMARKS.md with each stage's median time, the user-visible ratio and
 * the stages-only ratio, each with its spread.
 */
public final class Bench {

    private static final Duration LONG = Duration.ofHours(3);

    private final Path dir;
    private final int runs;
    private final int jobs;
    private final CommandRunner runner = new CommandRunner();
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(30), LONG);

    private Bench(Path dir, int runs, int jobs) {
        this.dir = dir;
        this.runs = runs;
        this.jobs = jobs;
    }

    /** One scale's measurements. */
    record Scale(long rows, long sourceBytes, long tableRows, List<Double> floors, List<Double> dumps, List<Double> restores,
                 List<Double> drills, List<Map<String, Double>> stages, List<Double> ratios, List<Map<String, Double>> holds,
                 List<Double> stageSums, List<Double> stageRatios) {
    }

    public static void main(String[] args) throws Exception {
        List<Long> scales = new ArrayList<>();
        for (String scale : System.getProperty("bench.scales", "1000000,10000000").split(",")) {
            scales.add(Long.parseLong(scale.trim()));
        }
        int runs = Integer.parseInt(System.getProperty("bench.runs", "3"));
        // bench.jobs: pg_restore --jobs of the floor and of the drill, and the drill's check sessions (drill.parallelism)
        int jobs = Integer.getInteger("bench.jobs", Runtime.getRuntime().availableProcessors());
        Bench bench = new Bench(Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath(), runs, jobs);
        List<Scale> results = new ArrayList<>();
        try (EmbeddedServer server = EmbeddedServer.startPersistent("benchmark server", bench.dir.resolve("pgdata"),
                Duration.ofMinutes(2))) {
            for (long rows : scales) {
                results.add(bench.measure(server, rows));
            }
        }
        String report = bench.report(results);
        System.out.println(report);
        Path output = Path.of(System.getProperty("bench.output", "BENCHMARKS.md"));
        Files.writeString(output, report, StandardCharsets.UTF_8);
        System.out.println("written to " + output);
    }

    private Scale measure(EmbeddedServer server, long rows) throws Exception {
        PgEndpoint admin = server.endpoint("postgres");
        String database = "bench_" + rows;
        generate(admin, database, rows);
        PgEndpoint source = admin.withDatabase(database);
        long sourceBytes = single(admin, "SELECT pg_database_size('" + database + "')");
        long tableRows = single(source, "SELECT sum(n_live_tup)::bigint FROM pg_stat_user_tables");
        List<Double> floors = new ArrayList<>();
        List<Double> dumps = new ArrayList<>();
        List<Double> restores = new ArrayList<>();
        List<Double> drills = new ArrayList<>();
        List<Map<String, Double>> stages = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Map<String, Double>> holds = new ArrayList<>();
        List<Double> stageSums = new ArrayList<>();
        List<Double> stageRatios = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double[] floor = floor(admin, source, run);
            Drill drill = drill(admin, source, rows, run);
            double bare = floor[0] + floor[1];
            double stagesOnly = drill.stages().values().stream().mapToDouble(Double::doubleValue).sum();
            floors.add(bare);
            dumps.add(floor[0]);
            restores.add(floor[1]);
            drills.add(drill.seconds());
            stages.add(drill.stages());
            holds.add(drill.holds());
            ratios.add(drill.seconds() / bare);
            stageSums.add(stagesOnly);
            stageRatios.add(stagesOnly / bare);
            System.out.printf(Locale.ROOT, "%,d rows, run %d: floor %.1f s (dump %.1f + restore %.1f), make drill %.1f s (ratio %.2f),"
                    + " stages %.1f s (ratio %.2f)%n", rows, run, bare, floor[0], floor[1], drill.seconds(), drill.seconds() / bare,
                    stagesOnly, stagesOnly / bare);
        }
        return new Scale(rows, sourceBytes, tableRows, floors, dumps, restores, drills, stages, ratios, holds, stageSums, stageRatios);
    }

    /** Generates the fixture at this scale once; a database left by an earlier run is reused. */
    private void generate(PgEndpoint admin, String database, long rows) throws Exception {
        if (single(admin, "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") > 0) {
            System.out.printf(Locale.ROOT, "reusing %s (%,d rows asked)%n", database, rows);
            return;
        }
        Instant start = Instant.now();
        DrillSettings settings = new SettingsLoader(Map.of("drill.fixture.rows", Long.toString(rows)), Map.of(),
                Path.of("").toAbsolutePath()).load();
        PgTools tools = new PgTools(Optional.empty(), System.getenv("PATH"), runner);
        execute(admin, "DROP DATABASE IF EXISTS duckmesh");
        new FixtureLoader(settings, sessions).load(admin, new HostPgClient(tools, runner, LONG, LONG, settings.dumpOptions()));
        execute(admin.withDatabase("duckmesh"), "VACUUM ANALYZE");
        execute(admin, "ALTER DATABASE duckmesh RENAME TO " + database);
        System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", database, seconds(start));
    }

    /** The floor: bare pg_dump -Fc to a file, then pg_restore -j into a new database; returns both times. */
    private double[] floor(PgEndpoint admin, PgEndpoint source, int run) throws Exception {
        Path file = dir.resolve("floor.dump");
        Files.deleteIfExists(file);
        String target = "floor_" + run;
        execute(admin, "DROP DATABASE IF EXISTS " + target);
        CommandResult dump = command("pg_dump", List.of("--format=custom", "--host=" + source.host(), "--port=" + source.port(),
                "--username=" + source.user(), "--dbname=" + source.database(), "--file=" + file), source);
        execute(admin, "CREATE DATABASE " + target + " TEMPLATE template0");
        CommandResult restore = command("pg_restore", List.of("--jobs=" + jobs, "--exit-on-error", "--host=" + source.host(),
                "--port=" + source.port(), "--username=" + source.user(), "--dbname=" + target, file.toString()), source);
        execute(admin, "DROP DATABASE " + target);
        Files.deleteIfExists(file);
        return new double[] {dump.duration().toMillis() / 1000.0, restore.duration().toMillis() / 1000.0};
    }

    /** @param holds what the drill held on the source, in seconds, by what (drill-summary.json's facts) */
    record Drill(double seconds, Map<String, Double> stages, Map<String, Double> holds) {
    }

    /**
     * make drill as a user runs it: bin/drill with the settings as -D arguments, timed from start to exit (its
     * JVM's start, every stage, the HTML report rendered), against the same source and server. make bench's
     * dry-run make drill before this JVM starts leaves the build up to date, as for every make drill after the first.
     */
    private Drill drill(PgEndpoint admin, PgEndpoint source, long rows, int run) throws Exception {
        Path work = dir.resolve("drill-" + rows + "-" + run);
        Files.createDirectories(work);
        Instant start = Instant.now();
        Process process = userDrill(admin, source, work, List.of()).start();
        if (!process.waitFor(3, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the drill of " + source + " did not finish within 3 h; see " + work.resolve("drill.log"));
        }
        double seconds = seconds(start);
        if (process.exitValue() == 2 && Files.readString(work.resolve("drill.log")).contains("DUCKMESH_DRILL_DIRECT_ONLY")) {
            throw new IllegalStateException("make drill would have gone through Maven in a measured run; see " + work.resolve("drill.log"));
        }
        JsonNode summary = new ObjectMapper().readTree(work.resolve("reports/drill-summary.json").toFile());
        if (!summary.path("status").asText().equals("passed")) {
            throw new IllegalStateException("the drill of " + source + " did not pass; see " + work.resolve("drill.log"));
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        summary.path("stages").forEach(stage -> stages.put(String.format("%02d %s", stage.path("order").asInt(), stage.path("name").asText()),
                stage.path("durationMs").asLong() / 1000.0));
        Map<String, Double> holds = new LinkedHashMap<>();
        holds.put("ACCESS SHARE locks on the source tables (`manifestLockSeconds`)", summary.path("manifestLockSeconds").asDouble());
        holds.put("pg_dump's own locks (its run)", summary.path("dump").path("durationMs").asDouble() / 1000.0);
        holds.put("exported snapshot, idle and holding no lock (`snapshotHeldSeconds`)", summary.path("snapshotHeldSeconds").asDouble());
        return new Drill(seconds, stages, holds);
    }

    /** bin/drill against the bench's source and server, its reports in {@code work}, its output in work/drill.log. */
    private ProcessBuilder userDrill(PgEndpoint admin, PgEndpoint source, Path work, List<String> more) {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/drill").toAbsolutePath().toString(), "-Ddrill.target=server",
                "-Ddrill.source.url=jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database(),
                "-Ddrill.source.user=" + source.user(), "-Ddrill.restore.url=jdbc:postgresql://" + admin.host() + ":" + admin.port()
                        + "/postgres", "-Ddrill.restore.user=" + admin.user(), "-Ddrill.restore.same-server=true",
                "-Ddrill.dump.retain=never", "-Ddrill.reports.dir=" + work.resolve("reports"), "-Ddrill.dump.dir=" + work.resolve("dumps"),
                "-Ddrill.timeout.statement=PT3H", "-Ddrill.timeout.pg-dump=PT3H", "-Ddrill.timeout.pg-restore=PT3H",
                "-Ddrill.restore.jobs=" + jobs, "-Ddrill.parallelism=" + jobs));
        command.addAll(more);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("drill.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DUCKMESH_RESTORE_DRILL_") || name.equals("CI"));
        builder.environment().put("DUCKMESH_RESTORE_DRILL_REPORTS_DIR", work.resolve("reports").toString());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        builder.environment().put("DUCKMESH_DRILL_DIRECT_ONLY", "1");
        return builder;
    }

    private String report(List<Scale> results) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n")
                .append("`make bench` (this file is its output). The drill against its floor: a bare `pg_dump -Fc` to a file plus\n")
                .append("`pg_restore -j ").append(jobs).append("` into a new database, on the same embedded PostgreSQL 15 server and the same generated\n")
                .append("catalog (`drill.fixture.rows`; most rows in `data_files`). The drill is `make drill` as users run it\n")
                .append("(`bin/drill` with the settings as `-D` arguments, timed from start to exit: its JVM's start, every\n")
                .append("stage, the HTML report rendered; the build up to date, as for every drill after the first, with\n")
                .append("`-Xmx256m`); \"stages\" is the sum of its stages' own times. Each scale ran ").append(runs)
                .append(" times, floor then drill;\nthe figures are medians, each ratio with its spread (lowest to highest).\n\n")
                .append(String.format(Locale.ROOT, "Machine: %d cores, %s memory, %s. Measured %s.%n%n", Runtime.getRuntime().availableProcessors(),
                        memory(), System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now()));
        out.append("| scale (drill.fixture.rows) | rows in tables | source size | floor: pg_dump | floor: pg_restore | floor | make drill |"
                        + " **make drill / floor** | stages | stages / floor |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Scale scale : results) {
            out.append(String.format(Locale.ROOT, "| %,d | %,d | %,d MB | %.1f s | %.1f s | %.1f s | %.1f s | **%.2f** (%.2f to %.2f) |"
                            + " %.1f s | %.2f (%.2f to %.2f) |%n", scale.rows(), scale.tableRows(), scale.sourceBytes() / 1_000_000,
                    median(scale.dumps()), median(scale.restores()), median(scale.floors()), median(scale.drills()), median(scale.ratios()),
                    min(scale.ratios()), max(scale.ratios()), median(scale.stageSums()), median(scale.stageRatios()),
                    min(scale.stageRatios()), max(scale.stageRatios())));
        }
        medians(out, "Stage times of the drill (median seconds):", "stage", results, Scale::stages);
        medians(out, "What the drill holds on the source (median seconds; the snapshot is held until RelationalConsistency):",
                "held", results, Scale::holds);
        out.append("\nEvery run:\n\n| scale | run | floor | make drill | ratio | stages | ratio |\n|---|---|---|---|---|---|---|\n");
        for (Scale scale : results) {
            for (int i = 0; i < scale.ratios().size(); i++) {
                out.append(String.format(Locale.ROOT, "| %,d | %d | %.1f s | %.1f s | %.2f | %.1f s | %.2f |%n", scale.rows(), i + 1,
                        scale.floors().get(i), scale.drills().get(i), scale.ratios().get(i), scale.stageSums().get(i),
                        scale.stageRatios().get(i)));
            }
        }
        out.append("\nReproduce: `make bench` (both scales, 3 runs; `make bench BENCH_SCALES=1000000 BENCH_RUNS=5` for others).\n")
                .append("The generated catalogs stay in `target/bench/pgdata` and are reused; `make clean` removes them.\n");
        return out.toString();
    }

    private static String memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.isReadable(meminfo)) {
            return "unknown";
        }
        long kb = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format(Locale.ROOT, "%.0f GiB", kb / 1024.0 / 1024.0);
    }

    /** A table of medians: a row per name of the first run's figures, a column per scale. */
    private static void medians(StringBuilder out, String title, String rowHeader, List<Scale> results,
            Function<Scale, List<Map<String, Double>>> figures) {
        out.append('\n').append(title).append("\n\n| ").append(rowHeader).append(" |");
        results.forEach(scale -> out.append(String.format(Locale.ROOT, " %,d |", scale.rows())));
        out.append("\n|---|").append("---|".repeat(results.size())).append('\n');
        for (String name : figures.apply(results.get(0)).get(0).keySet()) {
            out.append("| ").append(name).append(" |");
            for (Scale scale : results) {
                out.append(String.format(Locale.ROOT, " %.1f |", median(figures.apply(scale).stream().map(f -> f.getOrDefault(name, 0.0)).toList())));
            }
            out.append('\n');
        }
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private CommandResult command(String program, List<String> arguments, PgEndpoint endpoint) {
        PgTools tools = new PgTools(Optional.empty(), System.getenv("PATH"), runner);
        Path binary = tools.locate(program).orElseThrow(() -> new IllegalStateException(program + " not found on the PATH"));
        CommandResult result = runner.run(Command.of(binary, arguments, endpoint), LONG);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.display() + " failed: " + result.outputHead(10));
        }
        return result;
    }

    private long single(PgEndpoint endpoint, String sql) throws Exception {
        try (Connection connection = sessions.openWritable(endpoint); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(PgEndpoint endpoint, String sql) throws Exception {
        try (Connection connection = sessions.openWritable(endpoint); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
