package io.duckmesh.drill.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeSettingsTableTest {

    @Test
    void readmeListsEverySettingWithItsEnvironmentVariableAndDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (SettingKey key : SettingKey.values()) {
            String row = "| `" + key.key() + "` | `" + key.envVar() + "` | "
                    + (key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`") + " |";
            assertThat(readme).as("README row for %s", key.key()).contains(row);
        }
    }
}
