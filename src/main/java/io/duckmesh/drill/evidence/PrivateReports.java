package io.duckmesh.drill.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The report files that hold rows (Allure's results with their attachments, drill-summary.json with the
 * findings' messages) are the catalog's, so they are its owner's only, whatever the umask: the results
 * folder is closed (0700) before the first stage writes a byte into it, its files are made 0600 once
 * the last result is written, and the summary is created 0600. The HTML report is rendered into a closed
 * folder and sealed before it is moved into place ({@link HtmlReport}).
 * The metrics and the history hold no row and stay readable, for a node_exporter running as another user.
 */
public final class PrivateReports {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateReports() {
    }

    /** Creates {@code folder} closed (0700), or closes it if it exists; its parents are created as the umask says. */
    public static Path close(Path folder) {
        try {
            Path absolute = folder.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            if (!Files.isDirectory(absolute)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
            }
            Files.setPosixFilePermissions(absolute, FOLDER);
            return absolute;
        } catch (IOException cannotClose) {
            throw new UncheckedIOException("Cannot create " + folder + " readable by its owner only; check drill.reports.dir"
                    + " (and allure.results.directory) and their permissions", cannotClose);
        }
    }

    /** Every folder below {@code folder} 0700 and every file 0600 (Allure writes them with the umask, inside the closed folder). */
    public static void seal(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.toList()) {
                if (!Files.isSymbolicLink(path)) {
                    Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
                }
            }
        } catch (IOException cannotSeal) {
            throw new UncheckedIOException("Cannot make the files of " + folder + " readable by their owner only; check its"
                    + " permissions", cannotSeal);
        }
    }

    /** Removes {@code folder} and everything in it, if it exists. */
    public static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException("Cannot remove " + folder + "; remove it by hand", cannotDelete);
        }
    }

    /** A new, empty file readable by its owner only (replacing any left over), to write into. */
    public static Path createFile(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            Files.setPosixFilePermissions(file, FILE);
            return file;
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException("Cannot create " + file + "; check drill.reports.dir and its permissions", cannotCreate);
        }
    }
}
