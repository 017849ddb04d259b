package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every schema object of the source exists on the restored copy with the same definition, and nothing else does. */
public final class SchemaParityCheck {

    public CheckResult compare(List<SchemaObject> source, List<SchemaObject> restored) {
        Map<String, SchemaObject> left = byLabel(source);
        Map<String, SchemaObject> right = byLabel(restored);
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
                case "MISSING" -> findings.add(new Finding(label, "missing from the restored copy", show(s), "(none)"));
                case "EXTRA" -> findings.add(new Finding(label, "exists only in the restored copy", "(none)", show(r)));
                case "DIFFERS" -> findings.add(new Finding(label, "definition differs", show(s), show(r)));
                default -> {
                }
            }
        }
        return CheckResult.parity("schema parity", labels.size() + " schema objects", findings,
                "the restored catalog's schema is not the source's; read the restore log of stage 20 Restore for the"
                        + " object's CREATE step, and check that the dump was taken with the same pg_dump options.",
                new EvidenceTable("schema objects", List.of("object", "source", "restored", "result"), evidence));
    }

    private static String show(SchemaObject object) {
        return object.definition().isEmpty() ? "(exists)" : object.definition();
    }

    private static Map<String, SchemaObject> byLabel(List<SchemaObject> objects) {
        return objects.stream().collect(Collectors.toMap(SchemaObject::label, Function.identity(), (a, b) -> a, TreeMap::new));
    }
}
