package io.duckmesh.drill.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * drill.dump.keep-last: deletes all but the newest N dumps this tool wrote in the dump folder. A dump
 * counts as the tool's only when a manifest beside it says {@code writtenBy} is this tool; any other
 * file in the folder is never touched, nor is the dump named in {@code spare} (a failed drill's).
 */
public final class DumpPruner {

    private static final String SUFFIX = ".manifest.json";

    /** A dump the tool wrote, by its manifest. */
    record Written(Path dump, Path manifest, String createdAt) {
    }

    /** @return the dumps deleted, oldest first */
    public List<Path> prune(Path folder, long keepLast, Optional<Path> spare) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Written> written = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path manifest : entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                writtenByThisTool(manifest).ifPresent(written::add);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot list drill.dump.dir=" + folder + " to prune old dumps", unreadable);
        }
        written.sort(Comparator.comparing(Written::createdAt).reversed());
        List<Path> deleted = new ArrayList<>();
        for (Written old : written.subList((int) Math.min(keepLast, written.size()), written.size())) {
            if (spare.map(s -> s.toAbsolutePath().normalize().equals(old.dump().toAbsolutePath().normalize())).orElse(false)) {
                continue;
            }
            delete(old);
            deleted.add(0, old.dump());
        }
        return deleted;
    }

    private static Optional<Written> writtenByThisTool(Path manifest) {
        String name = manifest.getFileName().toString();
        Path dump = manifest.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException notJson) {
            return Optional.empty();
        }
        if (json == null || !Manifest.WRITTEN_BY.equals(json.path("writtenBy").asText()) || !Files.exists(dump)) {
            return Optional.empty();
        }
        return Optional.of(new Written(dump, manifest, json.path("createdAt").asText()));
    }

    private static void delete(Written old) {
        try {
            DumpFiles.deleteWithCompanions(old.dump());
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException("Cannot delete the old dump " + old.dump() + " (drill.dump.keep-last); delete it by hand",
                    cannotDelete);
        }
    }
}
