package io.duckmesh.drill.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reports/history/drills.jsonl}: one JSON line per drill, appended and never rewritten, so an
 * audit can list every drill and its outcome; also where the last successful drill is remembered.
 */
public final class DrillHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public DrillHistory(Path reportsDir) {
        this.file = reportsDir.resolve("history").resolve("drills.jsonl");
    }

    public Path file() {
        return file;
    }

    /** The line recorded for a drill: its identity, outcome, figures and dump, from the summary. */
    public static Map<String, Object> line(Map<String, Object> summary) {
        Map<String, Object> line = new LinkedHashMap<>();
        for (String key : List.of("runId", "startedAt", "finishedAt", "status", "exitCode", "failureCategory", "target", "source",
                "dryRun", "restoreSeconds", "backupAgeSeconds", "backupTakenAt", "newestDataAt")) {
            if (summary.containsKey(key)) {
                line.put(key, summary.get(key));
            }
        }
        Object stages = summary.get("stages");
        if (stages instanceof List<?> list) {
            line.put("findings", list.stream().filter(Map.class::isInstance).map(Map.class::cast)
                    .mapToInt(stage -> ((Number) stage.get("findings")).intValue()).sum());
            line.put("failedStage", list.stream().filter(Map.class::isInstance).map(Map.class::cast)
                    .filter(stage -> "failed".equals(stage.get("status"))).map(stage -> stage.get("name")).findFirst().orElse(""));
        }
        if (summary.get("dump") instanceof Map<?, ?> dump) {
            line.put("dumpFile", dump.get("file"));
            line.put("dumpSha256", dump.get("sha256"));
        }
        return line;
    }

    public void append(Map<String, Object> line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot append to the drill history " + file + "; check drill.reports.dir", cannotWrite);
        }
    }

    /** When the newest passed drill (not a dry run) recorded here finished. */
    public Optional<Instant> lastSuccess() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Optional<Instant> last = Optional.empty();
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode line = text.isBlank() ? null : JSON.readTree(text);
                if (line != null && "passed".equals(line.path("status").asText()) && !line.path("dryRun").asBoolean(false)) {
                    Instant at = Instant.parse(line.path("finishedAt").asText());
                    last = last.filter(l -> l.isAfter(at)).or(() -> Optional.of(at));
                }
            }
            return last;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the drill history " + file + "; move it away if it is damaged", unreadable);
        }
    }
}
