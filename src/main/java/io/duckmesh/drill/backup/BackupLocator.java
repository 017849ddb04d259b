package io.duckmesh.drill.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the existing backup to restore: {@code drill.backup.file} itself, or the newest dump in
 * {@code drill.backup.dir} matching {@code drill.backup.pattern} (manifests and {@code .partial}
 * files never count). Tells a custom-format file from a directory-format folder, and refuses
 * anything that is neither before pg_restore sees it.
 */
public final class BackupLocator {

    private static final byte[] CUSTOM_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    /** A dump found on disk and its format (custom or directory). */
    public record Located(Path dump, String format, Optional<Path> manifest) {
    }

    public Located file(Path dump) {
        if (!Files.exists(dump)) {
            throw new IllegalStateException("drill.backup.file=" + dump + " does not exist. Point it at a dump written by"
                    + " pg_dump --format=custom or --format=directory (make backup writes both kinds).");
        }
        return located(dump, "drill.backup.file");
    }

    public Located newest(Path folder, String pattern) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("drill.backup.dir=" + folder + " is not a folder. Point it at the folder the"
                    + " nightly backups are written to.");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(folder)) {
            candidates = entries.filter(p -> matcher.matches(p.getFileName()))
                    .filter(p -> !p.getFileName().toString().endsWith(".manifest.json") && !p.getFileName().toString().endsWith(".partial"))
                    .toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot list drill.backup.dir=" + folder, unreadable);
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No dump in drill.backup.dir=" + folder + " matches drill.backup.pattern=" + pattern
                    + " (it holds: " + sample(folder) + "). Fix the pattern, or check that last night's backup ran.");
        }
        Map<Path, FileTime> written = new LinkedHashMap<>();
        candidates.forEach(dump -> written.put(dump, writtenAt(dump, pattern)));
        return located(Collections.max(written.entrySet(), Map.Entry.comparingByValue()).getKey(), "drill.backup.dir");
    }

    private static Located located(Path dump, String setting) {
        Optional<Path> manifest = Optional.of(Manifest.fileFor(dump)).filter(Files::isRegularFile);
        if (Files.isDirectory(dump)) {
            if (!Files.isRegularFile(dump.resolve("toc.dat"))) {
                throw new IllegalStateException(setting + ": " + dump + " is a folder without toc.dat, so not a directory-format"
                        + " dump. Point " + setting + " at a dump written by pg_dump --format=directory or --format=custom.");
            }
            return new Located(dump, "directory", manifest);
        }
        byte[] head = new byte[CUSTOM_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(dump)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read " + setting + ": " + dump, unreadable);
        }
        if (read < head.length || !Arrays.equals(head, CUSTOM_MAGIC)) {
            throw new IllegalStateException(setting + ": " + dump + (read == 0 ? " is empty" : " does not start with PGDMP")
                    + ", so it is not a pg_dump custom-format archive (plain SQL and tar dumps are not restored by the drill)."
                    + " Point " + setting + " at a dump written by pg_dump --format=custom or --format=directory.");
        }
        return new Located(dump, "custom", manifest);
    }

    /**
     * When a dump was written: a directory dump's toc.dat, a file's own time. A dump whose time cannot be
     * read may be the newest (a directory dump whose toc.dat is missing, a link to a file that is gone), so
     * it is refused rather than sorted behind an older backup that would then pass in its place.
     */
    private static FileTime writtenAt(Path dump, String pattern) {
        Path stamped = Files.isDirectory(dump) ? dump.resolve("toc.dat") : dump;
        try {
            return Files.getLastModifiedTime(stamped);
        } catch (IOException unreadable) {
            throw new IllegalStateException("drill.backup.dir: cannot tell when " + dump + " was written (" + stamped
                    + ": " + unreadable.getClass().getSimpleName() + " " + unreadable.getMessage() + "). It matches"
                    + " drill.backup.pattern=" + pattern + " and may be the newest backup, so the drill does not pick an"
                    + " older one in its place. Repair or remove it (a directory dump needs its toc.dat), or narrow"
                    + " drill.backup.pattern.", unreadable);
        }
    }

    private static String sample(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(6).toList();
            return names.isEmpty() ? "nothing" : String.join(", ", names);
        } catch (IOException unreadable) {
            return "unreadable";
        }
    }
}
