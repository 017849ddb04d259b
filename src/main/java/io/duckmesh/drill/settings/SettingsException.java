package io.duckmesh.drill.settings;

import java.util.List;

/** Every problem found in the settings, each naming the setting and what is allowed. */
public final class SettingsException extends RuntimeException {

    private final List<String> problems;
    private final transient DrillSettings fallback;

    SettingsException(List<String> problems, DrillSettings fallback) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
        this.fallback = fallback;
    }

    /** A problem found with valid settings once the drill looked at the server (a drill.databases pattern matching nothing). */
    public static SettingsException of(String problem, DrillSettings settings) {
        return new SettingsException(List.of(problem), settings);
    }

    /**
     * The valid settings with every invalid one at its default, so that Cleanup can still write the
     * summary where the user asked for it. Never used to run a check.
     */
    public DrillSettings fallback() {
        return fallback;
    }

    public List<String> problems() {
        return problems;
    }
}
