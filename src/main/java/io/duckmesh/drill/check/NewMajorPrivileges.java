package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Privileges a newer PostgreSQL major added to "all privileges" (17's MAINTAIN on tables, 'm'): a role
 * that held every privilege of the source's major on an object (its owner, or one granted ALL) holds
 * the new one too once restored into the newer major, because pg_dump writes that grant as ALL. Such a
 * difference is the new major's by design; anything else (a grantee, a grantor or an old privilege
 * that differs) stays the restore's.
 *
 * @param sourceAll   every privilege of a table on the source's major, as acldefault('r', owner) lists them ("arwdDxt")
 * @param restoreAll  the same on the restore server's major ("arwdDxtm")
 * @param restoreMajor the restore server's major, for the note
 */
public record NewMajorPrivileges(String sourceAll, String restoreAll, int restoreMajor) {

    /** The privilege letters of the first entry of acldefault's output: "{postgres=arwdDxt/postgres}" gives "arwdDxt". */
    public static String letters(String acldefault) {
        String entry = acldefault.replaceAll("^\\{|\\}$", "").split(",")[0];
        int equals = entry.lastIndexOf('=');
        int slash = entry.lastIndexOf('/');
        return equals < 0 || slash < equals ? "" : entry.substring(equals + 1, slash);
    }

    /** The result with each privileges finding that only the new major's privileges explain turned into a by-design note. */
    public CheckResult classify(CheckResult result) {
        Set<Character> added = new LinkedHashSet<>();
        restoreAll.chars().filter(c -> sourceAll.indexOf(c) < 0).forEach(c -> added.add((char) c));
        if (added.isEmpty()) {
            return result;
        }
        List<Finding> findings = new ArrayList<>();
        for (Finding finding : result.findings()) {
            boolean byDesign = finding.code() == Finding.Code.SCHEMA_OBJECT_DIFFERS && finding.subject().startsWith("privileges relation ")
                    && onlyNewPrivileges(finding.source(), finding.restored(), added);
            findings.add(byDesign ? finding.as(Finding.Kind.BY_DESIGN, "PostgreSQL " + restoreMajor + " added privileges "
                    + added + " to ALL, which pg_dump writes for a role that held every privilege of the source's major") : finding);
        }
        return new CheckResult(result.check(), result.scope(), findings, result.hint(), result.sourceLabel(), result.restoredLabel(),
                result.evidence());
    }

    /** Same grantees and grantors; each restored entry is its source entry, plus new privileges only where that held them all. */
    boolean onlyNewPrivileges(String source, String restored, Set<Character> added) {
        Optional<Map<String, String>> left = entries(source);
        Optional<Map<String, String>> right = entries(restored);
        if (left.isEmpty() || right.isEmpty() || !left.get().keySet().equals(right.get().keySet())) {
            return false;
        }
        for (Map.Entry<String, String> entry : left.get().entrySet()) {
            String before = entry.getValue();
            String after = right.get().get(entry.getKey());
            if (before.equals(after)) {
                continue;
            }
            boolean heldAll = sourceAll.chars().allMatch(c -> before.indexOf(c) >= 0);
            String withoutNew = after;
            for (char c : added) {
                withoutNew = withoutNew.replace(c + "*", "").replace(String.valueOf(c), "");
            }
            if (!heldAll || !withoutNew.equals(before)) {
                return false;
            }
        }
        return true;
    }

    /** An aclitem array ("{a=r/b,c=rw/b}") as grantee/grantor to privileges; empty when it is not one. */
    private static Optional<Map<String, String>> entries(String acl) {
        if (!acl.startsWith("{") || !acl.endsWith("}")) {
            return Optional.empty();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String item : acl.substring(1, acl.length() - 1).split(",")) {
            int equals = item.lastIndexOf('=');
            int slash = item.lastIndexOf('/');
            if (equals < 0 || slash < equals) {
                return Optional.empty();
            }
            entries.put(item.substring(0, equals) + "/" + item.substring(slash + 1), item.substring(equals + 1, slash));
        }
        return Optional.of(entries);
    }
}
