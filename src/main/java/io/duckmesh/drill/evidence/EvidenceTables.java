package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.EvidenceTable;
import java.util.List;
import java.util.stream.Collectors;

/** Renders an evidence table as CSV and as a small standalone HTML page. */
public final class EvidenceTables {

    private EvidenceTables() {
    }

    public static String csv(EvidenceTable table) {
        return row(table.header()) + table.rows().stream().map(EvidenceTables::row).collect(Collectors.joining());
    }

    private static String row(List<String> cells) {
        return cells.stream().map(EvidenceTables::csvCell).collect(Collectors.joining(",")) + "\n";
    }

    private static String csvCell(String cell) {
        return cell.matches("[^\",\\n\\r]*") ? cell : "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    public static String html(EvidenceTable table) {
        String head = table.header().stream().map(h -> "<th>" + escape(h) + "</th>").collect(Collectors.joining());
        String body = table.rows().stream()
                .map(r -> "<tr>" + r.stream().map(c -> "<td>" + escape(c) + "</td>").collect(Collectors.joining()) + "</tr>")
                .collect(Collectors.joining("\n"));
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                + "table{border-collapse:collapse;font-family:sans-serif;font-size:13px}"
                + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f0f0f0}"
                + "</style></head><body><h3>" + escape(table.name()) + "</h3><table><tr>" + head + "</tr>\n" + body
                + "</table></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
