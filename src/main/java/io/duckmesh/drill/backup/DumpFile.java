package io.duckmesh.drill.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file of a dump with its size and sha256: the dump file itself for the custom format, each
 * file of the folder for the directory format (named relative to it).
 */
public record DumpFile(String name, long bytes, String sha256) {

    /** Every file of the dump, sorted by name. */
    public static List<DumpFile> of(Path dump) {
        try {
            if (!Files.isDirectory(dump)) {
                return List.of(new DumpFile(dump.getFileName().toString(), Files.size(dump), Sha256.ofFile(dump)));
            }
            List<DumpFile> files = new ArrayList<>();
            try (Stream<Path> entries = Files.list(dump)) {
                for (Path file : entries.sorted().toList()) {
                    files.add(new DumpFile(file.getFileName().toString(), Files.size(file), Sha256.ofFile(file)));
                }
            }
            return files;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the dump " + dump + " to compute its sha256", unreadable);
        }
    }

    /** Where this file is, given the dump's path. */
    public Path locate(Path dump) {
        return Files.isDirectory(dump) ? dump.resolve(name) : dump;
    }
}
