package io.duckmesh.drill.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.target.ContainerExec;
import io.duckmesh.drill.target.ContainerServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A command that outlives its timeout inside the container is stopped there, not only abandoned. */
@EnabledWithDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerExecTest {

    private ContainerServer server;
    private ContainerExec exec;

    @BeforeAll
    void start() {
        server = ContainerServer.start(DockerCondition.image(), Duration.ofSeconds(60));
        exec = new ContainerExec(server);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aCommandWithinItsTimeLimitGivesItsOutputAndExitCode() {
        CommandResult result = exec.run(List.of("sh", "-c", "echo restored; exit 3"), Duration.ofSeconds(30));

        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("restored");
    }

    @Test
    void aTimedOutCommandIsStoppedInsideTheContainer() {
        long started = System.nanoTime();
        CommandResult result = exec.run(List.of("sleep", "300"), Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).isTrue();
        assertThat(took).as("the call returns once the command is stopped").isLessThan(Duration.ofSeconds(15));
        CommandResult left = exec.run(List.of("sh", "-c",
                "for p in /proc/[0-9]*; do [ \"$(cat $p/comm 2>/dev/null)\" = sleep ] && echo \"left running: ${p#/proc/}\"; done; true"),
                Duration.ofSeconds(30));
        assertThat(left.output()).as("sleep processes still running in the container").isBlank();
    }
}
