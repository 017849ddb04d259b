package io.duckmesh.drill.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a drill failed, for the exit code, drill-summary.json, the metrics and Allure's categories:
 * the backup or its restore is bad (exit 1), or the drill could not judge it (exit 2).
 */
public enum FailureCategory {
    PARITY_MISMATCH("the restored copy differs from the source (or fails a check on its own)"),
    SOURCE_PROBLEM("the restored copy is faithful, and the source as the dump saw it has the same problem"
            + " (fails only under drill.source-findings=fail)"),
    BACKUP_FAILURE("the backup is damaged, foreign, missing or older than drill.rpo.max-age"),
    RESTORE_FAILURE("pg_restore failed, or took longer than drill.rto.max"),
    CONFIGURATION("a setting, tool or target is wrong; the backup was not judged"),
    INFRASTRUCTURE("a server, connection, disk or API failed; the backup was not judged");

    private final String meaning;

    FailureCategory(String meaning) {
        this.meaning = meaning;
    }

    /** "parity mismatch": as the summary, the metrics and the report name it. */
    public String label() {
        return EnumNames.words(this);
    }

    /** 1 when the backup was judged and found wanting, 2 when it could not be judged (configuration, infrastructure). */
    public int exitCode() {
        return this == CONFIGURATION || this == INFRASTRUCTURE ? 2 : 1;
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
            entry.put("name", category.label() + " (exit " + category.exitCode() + ")");
            entry.put("description", category.meaning);
            entry.put("matchedStatuses", category == INFRASTRUCTURE ? List.of("broken", "failed") : List.of("failed"));
            if (category != INFRASTRUCTURE) {
                entry.put("traceRegex", "(?s).*" + DrillFailure.class.getName().replace(".", "\\.") + "\\$"
                        + EnumNames.camel(category) + ".*");
            }
            categories.add(entry);
        }
        return categories;
    }
}
