package io.duckmesh.drill.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the PostgreSQL client programs and reads their versions. */
public final class PgTools {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    private final Optional<Path> binDir;
    private final String searchPath;
    private final CommandRunner runner;

    public PgTools(Optional<Path> binDir, String searchPath, CommandRunner runner) {
        this.binDir = binDir;
        this.searchPath = searchPath == null ? "" : searchPath;
        this.runner = runner;
    }

    /** The program's path, or empty when it is not in drill.pg.bin-dir (or, when unset, on the PATH). */
    public Optional<Path> locate(String program) {
        List<Path> dirs = binDir.map(List::of).orElseGet(() -> Arrays.stream(searchPath.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList());
        return dirs.stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable).findFirst();
    }

    public String whereSearched() {
        return binDir.map(dir -> "drill.pg.bin-dir (" + dir + ")").orElse("the PATH");
    }

    /** The version a tool prints, such as "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
    public ToolVersion version(Path program) {
        CommandResult result = runner.run(new Command(program, List.of("--version"), java.util.Map.of(), java.util.Map.of()),
                Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new IllegalStateException(program + " --version failed: " + result.outputHead(3));
        }
        return ToolVersion.parse(program, result.output().trim());
    }

    /** A client program and the version it reported. */
    public record ToolVersion(Path program, String text, int major) {

        public static ToolVersion parse(Path program, String text) {
            return new ToolVersion(program, text, majorOf(text).orElseThrow(() ->
                    new IllegalStateException("Cannot read the version of " + program + " from: " + text)));
        }

        /** The major a version text names ("pg_dump (PostgreSQL) 15.20"), if it names one (a manifest's may be empty). */
        public static java.util.Optional<Integer> majorOf(String text) {
            Matcher matcher = VERSION.matcher(text == null ? "" : text);
            return matcher.find() ? java.util.Optional.of(Integer.parseInt(matcher.group(1))) : java.util.Optional.empty();
        }
    }
}
