package io.duckmesh.drill.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link ChildDrill} in a new JVM with this JVM's classpath, settings as configuration
 * parameters and environment variables, its output in {@code work/child.log}, its dumps and reports
 * under {@code work}.
 */
final class JvmDrill {

    private final Path work;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String umask = "";

    JvmDrill(Path work) {
        this.work = work;
        parameters.put("drill.reports.dir", work.resolve("reports").toString());
        parameters.put("drill.dump.dir", work.resolve("dumps").toString());
    }

    JvmDrill with(String setting, String value) {
        parameters.put(setting, value);
        return this;
    }

    JvmDrill withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts the drill under {@code umask} (such as "0000": every file it writes with the umask's mode is then world-writable). */
    JvmDrill underUmask(String umask) {
        this.umask = umask;
        return this;
    }

    /** Where Allure writes the child's results: in its reports folder, as make drill has it. */
    Path allureResults() {
        return work.resolve("reports").resolve("allure-results");
    }

    Path log() {
        return work.resolve("child.log");
    }

    Process start() throws IOException {
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(umask.isEmpty() ? List.of() : List.of("sh", "-c", "umask \"$1\" && shift && exec \"$@\"", "sh", umask));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dallure.results.directory=" + allureResults(), "-cp", System.getProperty("java.class.path"),
                ChildDrill.class.getName()));
        parameters.forEach((key, value) -> command.add(key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DUCKMESH_RESTORE_DRILL_"));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
