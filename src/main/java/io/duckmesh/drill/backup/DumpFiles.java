package io.duckmesh.drill.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The files of a dump on disk: a custom-format file, or a directory-format folder of flat files. */
public final class DumpFiles {

    private DumpFiles() {
    }

    /** Moves a fully written {@code partial} file to its name, in one step. */
    public static void moveInPlace(java.nio.file.Path partial, java.nio.file.Path file) {
        try {
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException cannotMove) {
            throw new java.io.UncheckedIOException("Cannot move " + partial + " to " + file + "; check drill.dump.dir", cannotMove);
        }
    }

    /** Deletes the dump with its manifest, the manifest's signature and its globals file, where they exist. */
    static void deleteWithCompanions(Path dump) throws IOException {
        delete(dump);
        Files.deleteIfExists(Manifest.fileFor(dump));
        Files.deleteIfExists(ManifestSignature.fileFor(Manifest.fileFor(dump)));
        Files.deleteIfExists(Manifest.globalsFileFor(dump));
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
