package io.duckmesh.drill.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * drill.dump.mode: who may read a backup. Every dump file, manifest and globals file the drill writes
 * gets {@link #file()} (0600 by default), and every folder it creates for them {@link #folder()} (the
 * same with x where r is: 0700), set before a byte is written: a file is created empty with its mode
 * and the program writes into it (pg_dump and pg_dumpall keep an existing file's mode), and a directory
 * dump's folder, created 0700 by pg_dump, lets nobody in until its files have theirs.
 */
public record FileMode(Set<PosixFilePermission> file) {

    public static final FileMode PRIVATE = parse("0600");

    /** "0600", "640": as drill.dump.mode allows (owner reads and writes; nobody else writes or executes). */
    public static FileMode parse(String octal) {
        if (!allowed(octal)) {
            throw new IllegalArgumentException("drill.dump.mode=" + octal + " is not a mode its owner can read and write and nobody"
                    + " else can write or execute (such as 0600 or 0640)");
        }
        String digits = octal.length() == 4 ? octal.substring(1) : octal;
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if (digits.charAt(1) == '4') {
            permissions.add(PosixFilePermission.GROUP_READ);
        }
        if (digits.charAt(2) == '4') {
            permissions.add(PosixFilePermission.OTHERS_READ);
        }
        return new FileMode(Set.copyOf(permissions));
    }

    /** Whether {@code octal} is a mode {@link #parse} takes: its owner reads and writes, nobody else writes or executes (the setting's one rule). */
    public static boolean allowed(String octal) {
        return octal.matches("0?6[04][04]");
    }

    /** The mode of the files beside an existing dump: its own, without execute bits (a directory dump's folder is 0700). */
    public static FileMode of(Path dump) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dump));
            permissions.removeAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
            return new FileMode(Set.copyOf(permissions));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the permissions of " + dump, unreadable);
        }
    }

    /** The folders' mode: x wherever r is. */
    public Set<PosixFilePermission> folder() {
        Set<PosixFilePermission> permissions = EnumSet.copyOf(file);
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        if (file.contains(PosixFilePermission.GROUP_READ)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (file.contains(PosixFilePermission.OTHERS_READ)) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return permissions;
    }

    /** Creates {@code folder} and its missing parents with the folders' mode (existing ones are left as they are). */
    public void createFolders(Path folder) {
        try {
            Path absolute = folder.toAbsolutePath();
            List<Path> missing = new java.util.ArrayList<>(Stream.iterate(absolute, p -> p != null && !Files.exists(p), Path::getParent)
                    .toList());
            java.util.Collections.reverse(missing);
            for (Path create : missing) {
                Files.createDirectory(create, PosixFilePermissions.asFileAttribute(folder()));
                Files.setPosixFilePermissions(create, folder());
            }
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException("Cannot create the folder " + folder + "; check drill.dump.dir and its permissions", cannotCreate);
        }
    }

    /** A new empty file with this mode (replacing any left over), for a program to write into. */
    public Path createEmpty(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(this.file));
            Files.setPosixFilePermissions(file, this.file);
            return file;
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException("Cannot create " + file + "; check drill.dump.dir and its permissions", cannotCreate);
        }
    }

    /** Gives a file this mode, or a folder the folders' mode and every file in it this one. */
    public void apply(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path inside : files.toList()) {
                        Files.setPosixFilePermissions(inside, file);
                    }
                }
                Files.setPosixFilePermissions(path, folder());
            } else {
                Files.setPosixFilePermissions(path, file);
            }
        } catch (IOException cannotSet) {
            throw new UncheckedIOException("Cannot set the permissions of " + path + " to drill.dump.mode", cannotSet);
        }
    }

    /** How anyone but its owner may write {@code file} ("mode 0664 (its group and everyone can write it)"), if they can. */
    public static Optional<String> writableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            boolean group = permissions.contains(PosixFilePermission.GROUP_WRITE);
            boolean others = permissions.contains(PosixFilePermission.OTHERS_WRITE);
            if (!group && !others) {
                return Optional.empty();
            }
            return Optional.of("mode " + octal(permissions) + " (" + (group && others ? "its group and everyone" : group ? "its group"
                    : "everyone") + " can write it)");
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the permissions of " + file, unreadable);
        }
    }

    public String octal() {
        return octal(file);
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
