package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.GlobalsInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.Finding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's globals the backup recorded (the manifest's, read on the source when pg_dumpall wrote
 * them) against those of the server the globals file was restored onto: every role with its attributes,
 * membership, role setting and tablespace, both ways. The server's own roles (its bootstrap superuser,
 * there before the globals were restored) are not the backup's: one the source lacks is left out, and
 * one the source has too keeps the server's own attributes by design.
 */
public final class GlobalsParityCheck {

    /**
     * @param serversOwn        the roles the server had before the globals were restored, quoted as the inventory names them
     * @param membershipOptions whether both servers keep INHERIT and SET per membership (PostgreSQL 16+ on both sides)
     */
    public CheckResult compare(List<SchemaObject> source, List<SchemaObject> restored, Set<String> serversOwn, boolean membershipOptions) {
        Map<String, SchemaObject> left = byLabel(source, membershipOptions);
        Map<String, SchemaObject> right = byLabel(restored, membershipOptions);
        right.values().removeIf(o -> o.kind().equals(GlobalsInventory.ROLE) && serversOwn.contains(o.name())
                && !left.containsKey(o.label()));
        CheckResult compared = new SchemaParityCheck().compare(List.copyOf(left.values()), List.copyOf(right.values()), true);
        List<Finding> findings = compared.findings().stream().map(f -> switch (f.code()) {
            case SCHEMA_OBJECT_MISSING -> new Finding(Finding.Code.GLOBAL_MISSING, f.subject(), "missing from the restored globals",
                    f.source(), f.restored());
            case SCHEMA_OBJECT_EXTRA -> new Finding(Finding.Code.GLOBAL_EXTRA, f.subject(), "exists only in the restored globals",
                    f.source(), f.restored());
            default -> ownRole(left.get(f.subject()), serversOwn)
                    ? new Finding(Finding.Code.GLOBAL_DIFFERS, f.subject(), "is the restore server's own role (there before the globals"
                            + " were restored), which keeps its own attributes", f.source(), f.restored(), Finding.Kind.BY_DESIGN)
                    : new Finding(Finding.Code.GLOBAL_DIFFERS, f.subject(), "definition differs", f.source(), f.restored());
        }).toList();
        return CheckResult.parity("globals parity", compared.evidence().rows().size() + " roles, memberships, role settings and"
                        + " tablespaces", findings, "the cluster's globals the backup restores are not the source's: read the globals"
                        + " file's restore in stage 20 Restore (or this stage's scratch server), check that the globals file is the one"
                        + " pg_dumpall wrote (its sha256 is in the manifest), and take the backup again with make backup"
                        + " ARGS=-Ddrill.globals=true.",
                new EvidenceTable("globals", List.of("global", "source", "restored", "result"), compared.evidence().rows()));
    }

    private static boolean ownRole(SchemaObject source, Set<String> serversOwn) {
        return source != null && source.kind().equals(GlobalsInventory.ROLE) && serversOwn.contains(source.name());
    }

    private static Map<String, SchemaObject> byLabel(List<SchemaObject> objects, boolean membershipOptions) {
        Map<String, SchemaObject> byLabel = new TreeMap<>();
        objects.stream().filter(o -> membershipOptions || !o.kind().equals(GlobalsInventory.MEMBERSHIP_OPTION))
                .forEach(o -> byLabel.put(o.label(), o));
        return byLabel;
    }
}
