package io.duckmesh.drill.settings;

import io.duckmesh.drill.postgres.JdbcUrl;
import io.duckmesh.drill.postgres.Secret;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the drill's settings from three layers and validates all of them at once, so that a user
 * fixes every mistake in one go. Precedence, highest first: {@code -Ddrill.*} system properties
 * (and JUnit configuration parameters), {@code DUCKMESH_RESTORE_DRILL_*} environment variables,
 * the properties file named by {@code drill.settings-file}, then the defaults.
 */
public final class SettingsLoader {

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path workingDir;

    /**
     * @param properties drill.* system properties or configuration parameters, keyed by setting name
     * @param environment the process environment
     * @param workingDir folder relative paths are resolved against
     */
    public SettingsLoader(Map<String, String> properties, Map<String, String> environment, Path workingDir) {
        this.properties = new TreeMap<>(properties);
        this.environment = new TreeMap<>(environment);
        this.workingDir = workingDir;
    }

    public DrillSettings load() {
        List<String> problems = new ArrayList<>();
        Map<String, String> file = readSettingsFile(problems);
        rejectUnknown(problems, file);

        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        Map<SettingKey, String> fallback = new EnumMap<>(SettingKey.class);
        Map<SettingKey, Secret> secrets = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            if (key.secret()) {
                Optional.ofNullable(environment.get(key.envVar())).filter(v -> !v.isEmpty())
                        .ifPresent(v -> secrets.put(key, new Secret(v)));
                continue;
            }
            Layered value = lookup(key, file);
            if (key.type() == SettingType.JDBC_URL && value.text().toLowerCase(Locale.ROOT).contains("password=")
                    && !value.origin().startsWith("environment")) {
                String password = key.key().replace(".url", ".password");
                problems.add(String.format("Setting %s holds a password (from %s), where it shows in the process list or a"
                        + " shared file. Remove password= from the URL and set %s or %s-file instead.",
                        key.key(), value.origin(), SettingKey.envVarOf(password), password));
            }
            Optional<String> problem = key.type().problemWith(value.text());
            String shown = key.type() == SettingType.JDBC_URL ? JdbcUrl.redact(value.text()) : value.text();
            problem.ifPresent(allowed -> problems.add(String.format(
                    "Setting %s has the invalid value '%s' (from %s); %s.", key.key(), shown, value.origin(), allowed)));
            values.put(key, value.text());
            fallback.put(key, problem.isPresent() ? key.defaultValue() : shown);
        }
        if (problems.isEmpty()) {
            new TargetRules(values, secrets, workingDir).check(problems);
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems, new DrillSettings(fallback, Map.of(), workingDir));
        }
        return new DrillSettings(values, secrets, workingDir);
    }

    private record Layered(String text, String origin) {
    }

    private Layered lookup(SettingKey key, Map<String, String> file) {
        if (properties.containsKey(key.key())) {
            return new Layered(properties.get(key.key()).trim(), "-D" + key.key());
        }
        if (environment.containsKey(key.envVar())) {
            return new Layered(environment.get(key.envVar()).trim(), "environment variable " + key.envVar());
        }
        if (file.containsKey(key.key())) {
            return new Layered(file.get(key.key()).trim(), "settings file");
        }
        return new Layered(key.defaultValue(), "default");
    }

    private Map<String, String> readSettingsFile(List<String> problems) {
        String named = properties.getOrDefault(SettingKey.SETTINGS_FILE.key(),
                environment.getOrDefault(SettingKey.SETTINGS_FILE.envVar(), "")).trim();
        if (named.isEmpty()) {
            return Map.of();
        }
        Path path = workingDir.resolve(named);
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException unreadable) {
            problems.add(String.format("Setting %s names %s, which cannot be read (%s); fix the path or unset %s.",
                    SettingKey.SETTINGS_FILE.key(), path, unreadable.getClass().getSimpleName(), SettingKey.SETTINGS_FILE.key()));
            return Map.of();
        }
        Map<String, String> entries = new TreeMap<>();
        loaded.stringPropertyNames().forEach(name -> entries.put(name, loaded.getProperty(name)));
        return entries;
    }

    private void rejectUnknown(List<String> problems, Map<String, String> file) {
        properties.keySet().stream().filter(SettingKey::isDrillKey).forEach(key -> {
            if (looksSecret(key) && !key.endsWith("-file")) {
                problems.add(String.format("Setting %s must not be given as -D%s: a system property shows in the process list. "
                        + "Pass it in the environment variable %s or in a file of mode 0600 instead.",
                        key, key, SettingKey.envVarOf(key)));
            } else if (SettingKey.byKey(key).isEmpty()) {
                problems.add(unknown("-D" + key, key));
            }
        });
        environment.keySet().stream().filter(SettingKey::isDrillEnvVar)
                .filter(name -> SettingKey.byEnvVar(name).isEmpty())
                .forEach(name -> problems.add(unknownEnv(name)));
        file.keySet().forEach(key -> {
            if (looksSecret(key) && !key.endsWith("-file")) {
                problems.add(String.format("Setting %s must not be in the settings file, which is often committed or shared."
                        + " Pass it in the environment variable %s or name a file of mode 0600 in %s-file instead.",
                        key, SettingKey.envVarOf(key), key));
            } else if (SettingKey.byKey(key).isEmpty()) {
                problems.add(unknown("settings file", key));
            }
        });
    }

    private static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("token") || lower.contains("secret");
    }

    private static String unknown(String origin, String key) {
        return String.format("Unknown setting %s (from %s); did you mean %s? Valid settings are listed in README.md.",
                key, origin, KeySuggester.closest(key, SettingKey.allKeys()));
    }

    private static String unknownEnv(String name) {
        List<String> envVars = java.util.Arrays.stream(SettingKey.values()).map(SettingKey::envVar).toList();
        return String.format("Unknown environment variable %s; did you mean %s? Valid settings are listed in README.md.",
                name, KeySuggester.closest(name, envVars));
    }
}
