package io.duckmesh.drill.result;

import java.util.List;

/** The full comparison a check made, findings or not, for the report: a header and rows. */
public record EvidenceTable(String name, List<String> header, List<List<String>> rows) {

    public EvidenceTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
