package io.duckmesh.drill.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maven's own switches work on this project: -DskipTests and -Dmaven.test.skip skip the self-tests.
 * Each runs surefire in a child Maven on the compiled classes, with a test filter that matches
 * nothing, so that a switch that failed to skip runs no self-test (and no child of this test).
 */
class MavenSwitchesTest {

    @ParameterizedTest
    @ValueSource(strings = {"-DskipTests", "-Dmaven.test.skip=true"})
    void theSwitchSkipsTheSelfTests(String flag, @TempDir Path work) throws Exception {
        String output = maven(work, flag, "surefire:test");

        assertThat(output).as("mvn %s surefire:test", flag).contains("Tests are skipped.");
    }

    @Test
    void withoutASwitchTheSelfTestsRun(@TempDir Path work) throws Exception {
        String output = maven(work, "-Dtest=NoSuchSelfTest", "surefire:test");

        assertThat(output).doesNotContain("Tests are skipped.");
    }

    private static String maven(Path work, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-o", "-B", "-Dtest=NoSuchSelfTest",
                "-Dsurefire.failIfNoSpecifiedTests=false"));
        command.addAll(List.of(arguments));
        Path log = work.resolve("mvn.log");
        Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 3 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", String.join(" ", command), output).isZero();
        return output;
    }
}
