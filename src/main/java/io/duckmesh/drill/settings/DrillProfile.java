package io.duckmesh.drill.settings;

import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What the drill must know about a catalog that its schema does not say: which tables matter most,
 * which references hold without a constraint, and where the migration history lives.
 */
public record DrillProfile(Path file, List<TableRef> keyTables, List<Relation> implicitRelations,
                           Optional<TableRef> migrationsTable, Optional<Path> invariantsDir, Optional<String> newestDataSql) {

    private static final Set<String> KEYS = Set.of("key-tables", "implicit-relations", "migrations-table", "invariants-dir",
            "newest-data-sql");

    public static DrillProfile read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException unreadable) {
            throw new IllegalStateException("Cannot read the drill profile " + file + " (" + unreadable.getMessage()
                    + "); check drill.profile and drill.fixtures.dir", unreadable);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalStateException("Drill profile " + file + " has the unknown key '" + key
                        + "'; allowed: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        List<TableRef> keyTables = split(properties.getProperty("key-tables", ""), ",").stream().map(TableRef::parse).toList();
        List<Relation> relations;
        try {
            relations = split(properties.getProperty("implicit-relations", ""), ";").stream().map(Relation::parseDeclared).toList();
        } catch (IllegalArgumentException malformed) {
            throw new IllegalStateException("Drill profile " + file + ": " + malformed.getMessage(), malformed);
        }
        String migrations = properties.getProperty("migrations-table", "").trim();
        String invariants = properties.getProperty("invariants-dir", "").trim();
        String newestData = properties.getProperty("newest-data-sql", "").trim();
        return new DrillProfile(file, keyTables, relations,
                migrations.isEmpty() ? Optional.empty() : Optional.of(TableRef.parse(migrations)),
                invariants.isEmpty() ? Optional.empty() : Optional.of(file.toAbsolutePath().getParent().resolve(invariants).normalize()),
                newestData.isEmpty() ? Optional.empty() : Optional.of(newestData));
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
