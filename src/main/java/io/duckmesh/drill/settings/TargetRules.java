package io.duckmesh.drill.settings;

import io.duckmesh.drill.postgres.JdbcUrl;
import io.duckmesh.drill.postgres.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that join several settings: what a target needs, where passwords come from (environment
 * variable, then password file, then a password= in a URL given through the environment), and
 * that URLs kept for reports carry no password.
 */
final class TargetRules {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Map<SettingKey, String> values;
    private final Map<SettingKey, Secret> secrets;
    private final Path workingDir;

    TargetRules(Map<SettingKey, String> values, Map<SettingKey, Secret> secrets, Path workingDir) {
        this.values = values;
        this.secrets = secrets;
        this.workingDir = workingDir;
    }

    void check(List<String> problems) {
        if (Target.of(values.get(SettingKey.TARGET)) == Target.SERVER) {
            require(SettingKey.SOURCE_URL, "the source catalog's JDBC URL", problems);
            require(SettingKey.RESTORE_URL, "a database on the verification server, such as jdbc:postgresql://verify:5432/postgres",
                    problems);
        }
        existingBackup(problems);
        if (!secrets.containsKey(SettingKey.INTEGRITY_API_TOKEN) && !values.get(SettingKey.INTEGRITY_API_TOKEN_FILE).isEmpty()) {
            readPasswordFile(SettingKey.INTEGRITY_API_TOKEN_FILE, workingDir.resolve(values.get(SettingKey.INTEGRITY_API_TOKEN_FILE)),
                    problems).ifPresent(secret -> secrets.put(SettingKey.INTEGRITY_API_TOKEN, secret));
        }
        credentials(SettingKey.SOURCE_URL, SettingKey.SOURCE_PASSWORD, SettingKey.SOURCE_PASSWORD_FILE, problems);
        credentials(SettingKey.RESTORE_URL, SettingKey.RESTORE_PASSWORD, SettingKey.RESTORE_PASSWORD_FILE, problems);
        credentials(SettingKey.HISTORY_URL, SettingKey.HISTORY_PASSWORD, SettingKey.HISTORY_PASSWORD_FILE, problems);
        if (!secrets.containsKey(SettingKey.BACKUP_SIGNING_SECRET) && !values.get(SettingKey.BACKUP_SIGNING_SECRET_FILE).isEmpty()) {
            readSecretFile(SettingKey.BACKUP_SIGNING_SECRET_FILE, workingDir.resolve(values.get(SettingKey.BACKUP_SIGNING_SECRET_FILE)),
                    problems, true).ifPresent(secret -> secrets.put(SettingKey.BACKUP_SIGNING_SECRET, secret));
        }
    }

    private void existingBackup(List<String> problems) {
        boolean file = !values.get(SettingKey.BACKUP_FILE).isEmpty();
        boolean dir = !values.get(SettingKey.BACKUP_DIR).isEmpty();
        if (file && dir) {
            problems.add("drill.backup.file and drill.backup.dir are both set; set one: the file to restore, or the folder"
                    + " whose newest dump is restored.");
        }
        if ((file || dir) && Target.of(values.get(SettingKey.TARGET)) != Target.SERVER) {
            problems.add("drill.backup." + (file ? "file" : "dir") + " restores an existing backup of a real source, which needs"
                    + " drill.target=server with drill.source.url (the database it was taken of) and drill.restore.url.");
        }
        if (!values.get(SettingKey.DATABASES).isEmpty()) {
            if (values.get(SettingKey.SOURCE_URL).isEmpty()) {
                problems.add("drill.databases names databases of the server at drill.source.url, which is empty: set it to any"
                        + " database of that server (jdbc:postgresql://db.internal:5432/postgres), and drill with drill.target=server.");
            }
            if (file) {
                problems.add("drill.databases and drill.backup.file are both set; one file holds one database: set drill.backup.dir"
                        + " to the folder of the databases' backups instead (each database restores its newest one).");
            }
            String pattern = values.get(SettingKey.BACKUP_PATTERN);
            if (dir && !pattern.equals(SettingKey.BACKUP_PATTERN.defaultValue()) && !pattern.contains(DrillSettings.DATABASE_PLACEHOLDER)) {
                problems.add("drill.backup.pattern=" + pattern + " is the same for every database of drill.databases, so each would"
                        + " restore the same newest backup: put " + DrillSettings.DATABASE_PLACEHOLDER + " where the database's name goes"
                        + " (nightly-" + DrillSettings.DATABASE_PLACEHOLDER + ".dump), or leave it at its default for make backup's names.");
            }
            if (!values.get(SettingKey.RESTORE_DATABASE).isEmpty()) {
                problems.add("drill.databases and drill.restore.database are both set; each database needs a throwaway database"
                        + " of its own: leave drill.restore.database empty.");
            }
        }
        if (values.get(SettingKey.DUMP_FORMAT).equals("directory") && Target.of(values.get(SettingKey.TARGET)) == Target.CONTAINER) {
            problems.add("drill.dump.format=directory is not available with drill.target=container; use drill.dump.format=custom"
                    + " there, or drill.target=server for parallel directory dumps.");
        }
    }

    private void require(SettingKey key, String what, List<String> problems) {
        if (values.get(key).isEmpty()) {
            problems.add(String.format("drill.target=server needs %s: set it to %s (or set %s).", key.key(), what, key.envVar()));
        }
    }

    private void credentials(SettingKey url, SettingKey password, SettingKey passwordFile, List<String> problems) {
        if (!secrets.containsKey(password) && !values.get(passwordFile).isEmpty()) {
            readPasswordFile(passwordFile, workingDir.resolve(values.get(passwordFile)), problems)
                    .ifPresent(secret -> secrets.put(password, secret));
        }
        if (values.get(url).isEmpty()) {
            return;
        }
        try {
            JdbcUrl parsed = JdbcUrl.parse(values.get(url));
            if (!secrets.containsKey(password)) {
                parsed.password().ifPresent(secret -> secrets.put(password, secret));
            }
            values.put(url, parsed.text());
        } catch (IllegalArgumentException malformed) {
            problems.add("Setting " + url.key() + ": " + malformed.getMessage() + ".");
        }
    }

    private static java.util.Optional<Secret> readPasswordFile(SettingKey key, Path file, List<String> problems) {
        return readSecretFile(key, file, problems, false);
    }

    /** @param wholeFile the secret is the whole file (a PEM key), not its first line */
    private static java.util.Optional<Secret> readSecretFile(SettingKey key, Path file, List<String> problems, boolean wholeFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(TOO_OPEN::contains)) {
                problems.add(String.format("Setting %s names %s, which other users can read or write; run chmod 600 %s.",
                        key.key(), file, file));
                return java.util.Optional.empty();
            }
            String first = wholeFile ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isEmpty()) {
                problems.add(String.format("Setting %s names %s, whose first line is empty; put the secret there.", key.key(), file));
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Secret(first));
        } catch (IOException unreadable) {
            problems.add(String.format("Setting %s names %s, which cannot be read (%s); fix the path or its permissions.",
                    key.key(), file, unreadable.getClass().getSimpleName()));
            return java.util.Optional.empty();
        }
    }
}
