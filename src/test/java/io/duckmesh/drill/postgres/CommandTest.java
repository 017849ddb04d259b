package io.duckmesh.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static final String CANARY = "canary-Pa55 w0rd;$";
    private final PgEndpoint endpoint = new PgEndpoint("db.example", 5432, "duckmesh", "drill", Optional.of(new Secret(CANARY)));

    @Test
    void passwordReachesTheChildOnlyThroughItsEnvironment() {
        Command command = Command.of(Path.of("/usr/bin/env"), List.of("--", "/bin/sh", "-c",
                "printf '%s' \"$PGPASSWORD\"; printf ' argv:'; tr '\\0' ' ' < /proc/$$/cmdline"), endpoint);

        CommandResult result = new CommandRunner().run(command, Duration.ofSeconds(10));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).startsWith(CANARY + " argv:");
        assertThat(result.output().substring(CANARY.length())).doesNotContain(CANARY);
        assertThat(command.argv()).noneMatch(arg -> arg.contains(CANARY));
    }

    @Test
    void displayMasksThePasswordAndQuotesArguments() {
        Command command = Command.of(Path.of("/usr/bin/pg_dump"), List.of("--dbname=my db"), endpoint)
                .withEnvironment("PGOPTIONS", "-c default_transaction_read_only=on");

        assertThat(command.display())
                .isEqualTo("PGPASSWORD=**** PGOPTIONS='-c default_transaction_read_only=on' /usr/bin/pg_dump '--dbname=my db'")
                .doesNotContain(CANARY);
        assertThat(endpoint.toString()).doesNotContain(CANARY);
        assertThat(new Secret(CANARY).toString()).isEqualTo("****");
    }

    @Test
    void eachLineReachesTheListenerAsTheChildWritesIt(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path seen = dir.resolve("seen");
        // the child writes its second line only once the listener has answered the first
        Command command = new Command(Path.of("/bin/sh"), List.of("-c",
                "echo first; while [ ! -e '" + seen + "' ]; do :; done; echo second"), java.util.Map.of(), java.util.Map.of());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        CommandResult result = new CommandRunner().run(command, Duration.ofSeconds(20), line -> {
            lines.add(line);
            if (line.equals("first")) {
                try {
                    java.nio.file.Files.createFile(seen);
                } catch (java.io.IOException failed) {
                    throw new java.io.UncheckedIOException(failed);
                }
            }
        });

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(lines).containsExactly("first", "second");
        assertThat(result.output()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aListenerThatFailsDoesNotLeaveTheChildBlockedOnAFullPipe() {
        Command command = new Command(Path.of("/bin/sh"), List.of("-c", "seq 1 200000"), java.util.Map.of(), java.util.Map.of());
        long started = System.nanoTime();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CommandRunner().run(command, Duration.ofSeconds(60), line -> {
            throw new IllegalStateException("listener broke at " + line);
        })).hasRootCauseMessage("listener broke at 1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void hungCommandIsStoppedAtItsTimeout() {
        Command command = new Command(Path.of("/bin/sleep"), List.of("30"), java.util.Map.of(), java.util.Map.of());

        CommandResult result = new CommandRunner().run(command, Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
    }
}
