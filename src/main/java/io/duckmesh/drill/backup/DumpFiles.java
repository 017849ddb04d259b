package io.duckmesh.drill.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The files of a dump on disk: a custom-format file, or a directory-format folder of flat files. */
final class DumpFiles {

    private DumpFiles() {
    }

    /** Deletes the dump (a folder's files first, then the folder), if it exists. */
    static void delete(Path dump) throws IOException {
        if (Files.isDirectory(dump)) {
            try (Stream<Path> files = Files.list(dump)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.deleteIfExists(dump);
    }
}
