package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Every schema object of the source exists on the restored copy with the same definition, and nothing else does. */
public final class SchemaParityCheck {

    /**
     * The kind of the database's own settings: pg_restore applies them only with --create, so they are
     * compared with what the archive carries ({@link #compareArchivedSettings}), never with the copy's.
     */
    public static final String DATABASE_SETTING = "database setting";

    /** @param ownership whether owners and privileges are compared too */
    public CheckResult compare(List<SchemaObject> source, List<SchemaObject> restored, boolean ownership) {
        Map<String, SchemaObject> left = byLabel(source, ownership);
        Map<String, SchemaObject> right = byLabel(restored, ownership);
        TreeSet<String> labels = new TreeSet<>(left.keySet());
        labels.addAll(right.keySet());
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (String label : labels) {
            SchemaObject s = left.get(label);
            SchemaObject r = right.get(label);
            String result = s == null ? "EXTRA" : r == null ? "MISSING" : s.definition().equals(r.definition()) ? "same" : "DIFFERS";
            evidence.add(List.of(label, s == null ? "(none)" : s.definition(), r == null ? "(none)" : r.definition(), result));
            switch (result) {
                case "MISSING" -> findings.add(new Finding(Finding.Code.SCHEMA_OBJECT_MISSING, label, "missing from the restored copy", show(s), "(none)"));
                case "EXTRA" -> findings.add(new Finding(Finding.Code.SCHEMA_OBJECT_EXTRA, label, "exists only in the restored copy", "(none)", show(r)));
                case "DIFFERS" -> findings.add(new Finding(Finding.Code.SCHEMA_OBJECT_DIFFERS, label, "definition differs", show(s), show(r)));
                default -> {
                }
            }
        }
        return CheckResult.parity("schema parity", labels.size() + " schema objects", findings,
                "the restored catalog's schema is not the source's; read the restore log of stage 20 Restore for the"
                        + " object's CREATE step, and check that the dump was taken with the same pg_dump options.",
                new EvidenceTable("schema objects", List.of("object", "source", "restored", "result"), evidence));
    }

    /**
     * The manifest's owners and privileges against those the archive carries (ArchivedOwnership), for a
     * restore whose copy cannot show them (--no-owner --no-privileges).
     */
    public CheckResult compareArchivedOwnership(List<SchemaObject> source, List<SchemaObject> archived) {
        List<SchemaObject> owned = source.stream().filter(o -> o.kind().equals("owner") || o.kind().equals("privileges")).toList();
        CheckResult compared = compare(owned, archived, true);
        List<Finding> findings = compared.findings().stream().map(f -> new Finding(f.code(), f.subject(),
                f.problem().replace("the restored copy", "the archive"), f.source(), f.restored(), f.kind())).toList();
        return new CheckResult("owners and privileges in the archive", compared.scope(), findings,
                "the backup does not carry the source's owners or grants (a dump taken with --no-owner, --no-privileges or by a"
                        + " role that could not read them, or a damaged archive); the restore here uses --no-owner --no-privileges, so"
                        + " they were replayed from the archive's own entries on the restored copy and rolled back. Take the backup"
                        + " again with make backup as a role that owns or can read every object.", "manifest", "archive ",
                new EvidenceTable("owners and privileges: manifest against archive", List.of("object", "manifest", "archive", "result"),
                        compared.evidence().rows()));
    }

    /** The manifest's database settings against those the archive carries (ArchivedDatabaseSettings). */
    public CheckResult compareArchivedSettings(List<SchemaObject> source, List<SchemaObject> archived) {
        Map<String, SchemaObject> left = new TreeMap<>();
        source.stream().filter(o -> o.kind().equals(DATABASE_SETTING)).forEach(o -> left.put(o.label(), o));
        Map<String, SchemaObject> right = new TreeMap<>();
        archived.forEach(o -> right.put(o.label(), o));
        TreeSet<String> labels = new TreeSet<>(left.keySet());
        labels.addAll(right.keySet());
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String label : labels) {
            String s = left.containsKey(label) ? left.get(label).definition() : "(none)";
            String a = right.containsKey(label) ? right.get(label).definition() : "(none)";
            rows.add(List.of(label, s, a, s.equals(a) ? "same" : "DIFFERS"));
            // A manifest written before database settings were recorded has none: what the archive has then
            // cannot be judged, and is only listed.
            if (!s.equals(a) && !left.isEmpty()) {
                findings.add(new Finding(left.containsKey(label) ? (right.containsKey(label) ? Finding.Code.SCHEMA_OBJECT_DIFFERS : Finding.Code.SCHEMA_OBJECT_MISSING) : Finding.Code.SCHEMA_OBJECT_EXTRA, label, left.containsKey(label) ? (right.containsKey(label) ? "definition differs"
                        : "missing from the archive") : "exists only in the archive", s, a));
            }
        }
        return new CheckResult("database settings in the archive", labels.size() + " database settings", findings,
                "the backup does not carry the database's ALTER DATABASE ... SET (or ALTER ROLE ... IN DATABASE ... SET) settings"
                        + " the source has; pg_restore applies them only with --create, so they were replayed from the archive on the"
                        + " restored copy in a transaction that was rolled back. Take the backup again with make backup.",
                "manifest", "archive ", new EvidenceTable("database settings: manifest against archive",
                        List.of("setting", "manifest", "archive", "result"), rows));
    }

    private static String show(SchemaObject object) {
        return object.definition().isEmpty() ? "(exists)" : object.definition();
    }

    /**
     * Objects by label. Two objects may share one (Northwind has two foreign keys on one table whose
     * names were truncated to the same 63 bytes); those are told apart by their definitions.
     */
    private static Map<String, SchemaObject> byLabel(List<SchemaObject> objects, boolean ownership) {
        Map<String, List<SchemaObject>> grouped = objects.stream()
                .filter(o -> ownership || !(o.kind().equals("owner") || o.kind().equals("privileges")))
                .filter(o -> !o.kind().equals(DATABASE_SETTING))
                .collect(Collectors.groupingBy(SchemaObject::label, TreeMap::new, Collectors.toList()));
        Map<String, SchemaObject> byLabel = new TreeMap<>();
        grouped.forEach((label, same) -> same.forEach(o -> byLabel.put(same.size() == 1 ? label : label + " (" + o.definition() + ")", o)));
        return byLabel;
    }
}
