package io.duckmesh.drill.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder under java.io.tmpdir that only this user can open (0700 from the start), deleted with all it holds when closed. */
public record PrivateFolder(Path path) implements AutoCloseable {

    public static PrivateFolder create(String prefix) {
        try {
            return new PrivateFolder(Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException("Cannot create a private folder in java.io.tmpdir=" + System.getProperty("java.io.tmpdir")
                    + "; free space there or point java.io.tmpdir elsewhere", cannotCreate);
        }
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path file : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException("Cannot delete the drill's folder " + path + "; delete it by hand", cannotDelete);
        }
    }
}
