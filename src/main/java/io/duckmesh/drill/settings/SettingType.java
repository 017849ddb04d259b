package io.duckmesh.drill.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** How a setting's text is validated; each answer names what is allowed, for the user's message. */
public record SettingType(String name, List<String> allowed) {

    static final SettingType STRING = new SettingType("text", List.of());
    static final SettingType PATH = new SettingType("path", List.of());
    static final SettingType BOOLEAN = new SettingType("boolean", List.of("true", "false"));
    static final SettingType POSITIVE_LONG = new SettingType("positive integer", List.of());
    static final SettingType OPTIONAL_LONG = new SettingType("non-negative integer or empty", List.of());
    static final SettingType DURATION = new SettingType("ISO-8601 duration", List.of());
    static final SettingType OPTIONAL_DURATION = new SettingType("ISO-8601 duration or empty", List.of());
    static final SettingType HTTP_URL = new SettingType("HTTP URL", List.of());
    static final SettingType JDBC_URL = new SettingType("JDBC URL", List.of());
    static final SettingType SECRET = new SettingType("secret", List.of());
    static final SettingType FILE_MODE = new SettingType("file mode", List.of());

    static SettingType enumOf(String... values) {
        return new SettingType("one of", List.of(values));
    }

    /** Empty when the value is acceptable, else what is allowed. */
    Optional<String> problemWith(String value) {
        switch (name) {
            case "boolean", "one of" -> {
                return allowed.contains(value) ? Optional.empty() : Optional.of("allowed: " + String.join(", ", allowed.stream()
                        .filter(v -> !v.isEmpty()).toList()) + (allowed.contains("") ? ", or empty" : ""));
            }
            case "positive integer" -> {
                return parsesAsLong(value) && Long.parseLong(value) > 0
                        ? Optional.empty() : Optional.of("allowed: a whole number above 0, such as 10000");
            }
            case "non-negative integer or empty" -> {
                return value.isEmpty() || (parsesAsLong(value) && Long.parseLong(value) >= 0)
                        ? Optional.empty() : Optional.of("allowed: a whole number of at least 0, or empty");
            }
            case "JDBC URL" -> {
                return value.isEmpty() || value.matches("jdbc:postgresql://[^/?#]+/[^?#]+(\\?.*)?")
                        ? Optional.empty()
                        : Optional.of("allowed: jdbc:postgresql://host[:port]/database[?parameters], or empty");
            }
            case "ISO-8601 duration" -> {
                return isPositiveDuration(value)
                        ? Optional.empty() : Optional.of("allowed: a positive ISO-8601 duration such as PT30S, PT10M or PT2H");
            }
            case "HTTP URL" -> {
                return value.isEmpty() || value.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")
                        ? Optional.empty() : Optional.of("allowed: http://host[:port][/path] or https://..., or empty");
            }
            case "file mode" -> {
                return io.duckmesh.drill.backup.FileMode.allowed(value) ? Optional.empty() : Optional.of("allowed: an octal mode its owner can read and"
                        + " write and nobody else can write or execute, such as 0600 (the default) or 0640 for a backup group");
            }
            case "ISO-8601 duration or empty" -> {
                return value.isEmpty() || isPositiveDuration(value)
                        ? Optional.empty() : Optional.of("allowed: a positive ISO-8601 duration such as PT26H, or empty");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean parsesAsLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static boolean isPositiveDuration(String value) {
        try {
            Duration duration = Duration.parse(value);
            return !duration.isNegative() && !duration.isZero();
        } catch (DateTimeParseException notADuration) {
            return false;
        }
    }
}
