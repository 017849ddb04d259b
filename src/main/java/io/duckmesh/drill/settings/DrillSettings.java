package io.duckmesh.drill.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The validated settings of one drill. Built only by {@link SettingsLoader}, so every value here is valid. */
public final class DrillSettings {

    private final Map<SettingKey, String> values;
    private final Path workingDir;

    DrillSettings(Map<SettingKey, String> values, Path workingDir) {
        this.values = Map.copyOf(values);
        this.workingDir = workingDir;
    }

    public String text(SettingKey key) {
        return values.get(key);
    }

    public String target() {
        return text(SettingKey.TARGET);
    }

    public String sourceFixture() {
        return text(SettingKey.SOURCE_FIXTURE);
    }

    public long fixtureRows() {
        return Long.parseLong(text(SettingKey.FIXTURE_ROWS));
    }

    public Path fixturesDir() {
        return path(SettingKey.FIXTURES_DIR);
    }

    public Path realworldDir() {
        return path(SettingKey.REALWORLD_DIR);
    }

    /** The profile to use, or empty to use the fixture's own. */
    public Optional<Path> profile() {
        return text(SettingKey.PROFILE).isEmpty() ? Optional.empty() : Optional.of(path(SettingKey.PROFILE));
    }

    /** Schemas to drill; empty means every non-system schema. */
    public List<String> schemas() {
        return Arrays.stream(text(SettingKey.SCHEMAS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public OptionalLong expectedMigrationVersion() {
        String text = text(SettingKey.MIGRATIONS_EXPECTED_VERSION);
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    public Path dumpDir() {
        return path(SettingKey.DUMP_DIR);
    }

    public String dumpRetain() {
        return text(SettingKey.DUMP_RETAIN);
    }

    public Path reportsDir() {
        return path(SettingKey.REPORTS_DIR);
    }

    public boolean dryRun() {
        return Boolean.parseBoolean(text(SettingKey.DRY_RUN));
    }

    public Optional<Path> pgBinDir() {
        return text(SettingKey.PG_BIN_DIR).isEmpty() ? Optional.empty() : Optional.of(path(SettingKey.PG_BIN_DIR));
    }

    public Duration connectTimeout() {
        return duration(SettingKey.CONNECT_TIMEOUT);
    }

    public Duration statementTimeout() {
        return duration(SettingKey.STATEMENT_TIMEOUT);
    }

    public Duration dumpTimeout() {
        return duration(SettingKey.DUMP_TIMEOUT);
    }

    public Duration restoreTimeout() {
        return duration(SettingKey.RESTORE_TIMEOUT);
    }

    /** Every setting and its value, for the report; no setting here holds a secret. */
    public Map<SettingKey, String> all() {
        return values;
    }

    private Path path(SettingKey key) {
        return workingDir.resolve(text(key)).normalize();
    }

    private Duration duration(SettingKey key) {
        return Duration.parse(text(key));
    }
}
