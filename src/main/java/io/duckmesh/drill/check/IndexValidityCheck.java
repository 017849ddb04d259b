package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.IndexInfo;
import java.util.ArrayList;
import java.util.List;

/** Every index on the restored copy is valid and ready; an invalid index is never used and can hide corruption. */
public final class IndexValidityCheck {

    public CheckResult check(List<IndexInfo> indexes) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (IndexInfo index : indexes) {
            boolean ok = index.valid() && index.ready();
            evidence.add(List.of(index.index().toString(), index.table().toString(), ok ? "valid" : "INVALID"));
            if (!ok) {
                findings.add(Finding.restoredOnly(Finding.Code.INDEX_UNUSABLE, index.index().toString(), "index on " + index.table() + " is not usable",
                        "indisvalid=true, indisready=true", "indisvalid=" + index.valid() + ", indisready=" + index.ready()));
            }
        }
        return CheckResult.expectation("index validity", indexes.size() + " indexes", findings,
                "rebuild the index on the restored copy (REINDEX INDEX ...) and read the restore log of stage 20 Restore"
                        + " for the CREATE INDEX step that failed.",
                new EvidenceTable("indexes", List.of("index", "table", "result"), evidence));
    }
}
