package io.duckmesh.drill.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path work;

    @Test
    void defaultsApplyWhenNothingIsSet() {
        DrillSettings settings = new SettingsLoader(Map.of(), Map.of(), work).load();

        assertThat(settings.target()).isEqualTo(io.duckmesh.drill.settings.Target.EMBEDDED);
        assertThat(settings.fixtureRows()).isEqualTo(10_000);
        assertThat(settings.dumpRetain()).isEqualTo("on-failure");
        assertThat(settings.dumpTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.reportsDir()).isEqualTo(work.resolve("reports"));
        assertThat(settings.schemas()).isEmpty();
    }

    @Test
    void systemPropertyBeatsEnvironmentWhichBeatsSettingsFile() throws Exception {
        Path file = Files.writeString(work.resolve("drill.properties"),
                "drill.fixture.rows=111\ndrill.dump.retain=always\ndrill.schemas=public, ops\n");
        Map<String, String> env = Map.of("DUCKMESH_RESTORE_DRILL_FIXTURE_ROWS", "222",
                "DUCKMESH_RESTORE_DRILL_SETTINGS_FILE", file.toString());

        DrillSettings fromEnv = new SettingsLoader(Map.of(), env, work).load();
        DrillSettings fromProperty = new SettingsLoader(Map.of("drill.fixture.rows", "333"), env, work).load();

        assertThat(fromEnv.fixtureRows()).isEqualTo(222);
        assertThat(fromEnv.dumpRetain()).isEqualTo("always");
        assertThat(fromEnv.schemas()).containsExactly("public", "ops");
        assertThat(fromProperty.fixtureRows()).isEqualTo(333);
    }

    @Test
    void environmentVariableNamesFollowTheSettingName() {
        assertThat(SettingKey.DUMP_TIMEOUT.envVar()).isEqualTo("DUCKMESH_RESTORE_DRILL_TIMEOUT_PG_DUMP");
        assertThat(SettingKey.envVarOf("drill.integrity.api-url")).isEqualTo("DUCKMESH_RESTORE_DRILL_INTEGRITY_API_URL");
    }

    @Test
    void unknownKeysAreRejectedWithTheClosestValidName() {
        SettingsException thrown = catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(
                Map.of("drill.dump.retian", "always"), Map.of("DUCKMESH_RESTORE_DRILL_DRY_RUNN", "true"), work).load());

        assertThat(thrown.problems()).containsExactly(
                "Unknown setting drill.dump.retian (from -Ddrill.dump.retian); did you mean drill.dump.retain?"
                        + " Valid settings are listed in README.md.",
                "Unknown environment variable DUCKMESH_RESTORE_DRILL_DRY_RUNN; did you mean DUCKMESH_RESTORE_DRILL_DRY_RUN?"
                        + " Valid settings are listed in README.md.");
    }

    @Test
    void everyInvalidValueIsReportedAtOnceWithWhatIsAllowed() {
        SettingsException thrown = catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(Map.of(
                "drill.timeout.statement", "-PT1S", "drill.dump.retain", "sometimes", "drill.fixture.rows", "lots",
                "drill.dump.mode", "0666", "drill.report.check", "yes"), Map.of(), work).load());

        assertThat(thrown.problems()).containsExactlyInAnyOrder(
                "Setting drill.timeout.statement has the invalid value '-PT1S' (from -Ddrill.timeout.statement);"
                        + " allowed: a positive ISO-8601 duration such as PT30S, PT10M or PT2H.",
                "Setting drill.dump.retain has the invalid value 'sometimes' (from -Ddrill.dump.retain);"
                        + " allowed: always, on-failure, never.",
                "Setting drill.fixture.rows has the invalid value 'lots' (from -Ddrill.fixture.rows);"
                        + " allowed: a whole number above 0, such as 10000.",
                "Setting drill.dump.mode has the invalid value '0666' (from -Ddrill.dump.mode); allowed: an octal mode its owner"
                        + " can read and write and nobody else can write or execute, such as 0600 (the default) or 0640 for a backup group.",
                "Setting drill.report.check has the invalid value 'yes' (from -Ddrill.report.check); allowed: true, false, or empty.");
        assertThat(thrown.fallback().dumpRetain()).isEqualTo("on-failure");
    }

    @Test
    void passwordAsSystemPropertyIsRefusedWithWhereToPutIt() {
        SettingsException thrown = catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(
                Map.of("drill.source.password", "hunter2"), Map.of(), work).load());

        assertThat(thrown.getMessage())
                .contains("drill.source.password must not be given as -Ddrill.source.password",
                        "DUCKMESH_RESTORE_DRILL_SOURCE_PASSWORD")
                .doesNotContain("hunter2");
    }

    @Test
    void unreadableSettingsFileIsNamed() {
        SettingsException thrown = catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(
                Map.of("drill.settings-file", "missing.properties"), Map.of(), work).load());

        assertThat(thrown.getMessage()).startsWith("Setting drill.settings-file names " + work.resolve("missing.properties"));
    }
}
