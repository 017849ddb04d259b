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
    void hungCommandIsStoppedAtItsTimeout() {
        Command command = new Command(Path.of("/bin/sleep"), List.of("30"), java.util.Map.of(), java.util.Map.of());

        CommandResult result = new CommandRunner().run(command, Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
    }
}
