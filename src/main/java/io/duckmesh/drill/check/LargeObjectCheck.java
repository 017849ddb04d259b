package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.LargeObjects;
import java.util.ArrayList;
import java.util.List;

/**
 * Every large object of the source is in the restored copy with the same size, bytes and comment
 * (and owner and privileges, where the restore keeps them), and no other is: the ranges' digests are compared with the manifest's, and each object of a differing
 * range is named.
 */
public final class LargeObjectCheck {

    /**
     * @param differences the objects that differ in the ranges that differ, as LargeObjects.differences gives them
     * @param label       appended to every finding that compares with the live source
     */
    public CheckResult compare(List<LargeObjects.Range> source, List<LargeObjects.Range> restored, List<List<String>> differences,
                               boolean ownership, String label) {
        List<Finding> findings = new ArrayList<>();
        for (List<String> row : differences) {
            findings.add(new Finding(Finding.Code.LARGE_OBJECT_DIFFERS, "large object " + row.get(0), row.get(1) + label, row.get(2), row.get(3)));
        }
        long objects = source.stream().mapToLong(LargeObjects.Range::count).sum();
        if (findings.isEmpty() && !LargeObjects.differingRanges(source, restored, ownership).isEmpty()) {
            findings.add(new Finding(Finding.Code.LARGE_OBJECT_DIFFERS, "large objects", "the digests of oid ranges " + LargeObjects.differingRanges(source, restored, ownership)
                    + " differ, and no single object could be named" + label, "manifest", "restored copy"));
        }
        List<List<String>> rows = new ArrayList<>();
        source.forEach(range -> rows.add(List.of(Long.toString(range.low()), Long.toString(range.count()), range.checksum(),
                restored.stream().filter(r -> r.low() == range.low()).findFirst().map(r -> r.count() + " " + r.checksum()).orElse("(none)"))));
        return CheckResult.parity("large objects", objects + " large objects" + (ownership ? "" : " (owners and privileges not compared)"), findings,
                "the restored copy's large objects are not the source's; read the restore log of stage 20 Restore for its BLOB"
                        + " and BLOBS entries (pg_dump writes large objects unless --no-blobs or --schema/--table is given).",
                new EvidenceTable("large object ranges", List.of("from oid", "objects", "source checksum", "restored"), rows));
    }
}
