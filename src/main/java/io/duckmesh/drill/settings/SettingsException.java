package io.duckmesh.drill.settings;

import java.util.List;

/** Every problem found in the settings, each naming the setting and what is allowed. */
public final class SettingsException extends RuntimeException {

    private final List<String> problems;

    SettingsException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
