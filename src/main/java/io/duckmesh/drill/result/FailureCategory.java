package io.duckmesh.drill.result;

import io.duckmesh.drill.result.DrillFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why a drill failed, for the exit code, drill-summary.json, the metrics and Allure's categories:
 * the backup or its restore is bad (exit 1), or the drill could not judge it (exit 2).
 */
public enum FailureCategory {
    PARITY_MISMATCH("parity mismatch", 1, "the restored copy differs from the source (or fails a check on its own)"),
    SOURCE_PROBLEM("source problem", 1, "the restored copy is faithful, and the source as the dump saw it has the same problem"
            + " (fails only under drill.source-findings=fail)"),
    BACKUP_FAILURE("backup failure", 1, "the backup is damaged, foreign, missing or older than drill.rpo.max-age"),
    RESTORE_FAILURE("restore failure", 1, "pg_restore failed, or took longer than drill.rto.max"),
    CONFIGURATION("configuration", 2, "a setting, tool or target is wrong; the backup was not judged"),
    INFRASTRUCTURE("infrastructure", 2, "a server, connection, disk or API failed; the backup was not judged");

    private final String label;
    private final int exitCode;
    private final String meaning;

    FailureCategory(String label, int exitCode, String meaning) {
        this.label = label;
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }

    /** A failure's category: what a {@link DrillFailure} says, else infrastructure (an exception nobody expected). */
    public static FailureCategory of(Throwable failure) {
        return failure instanceof DrillFailure known ? known.category() : INFRASTRUCTURE;
    }

    /** Allure's categories.json: each category matched by the failure's exception class in its trace. */
    public static List<Map<String, Object>> allureCategories() {
        List<Map<String, Object>> categories = new ArrayList<>();
        for (FailureCategory category : values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", category.label + " (exit " + category.exitCode + ")");
            entry.put("description", category.meaning);
            entry.put("matchedStatuses", category == INFRASTRUCTURE ? List.of("broken", "failed") : List.of("failed"));
            if (category != INFRASTRUCTURE) {
                entry.put("traceRegex", "(?s).*" + DrillFailure.class.getName().replace(".", "\\.") + "\\$"
                        + category.exceptionName() + ".*");
            }
            categories.add(entry);
        }
        return categories;
    }

    String exceptionName() {
        StringBuilder name = new StringBuilder();
        for (String word : name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }
}
