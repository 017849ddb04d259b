package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables pg_restore is done with while it still runs, from the archive's table of contents
 * ({@code pg_restore --list}) and the "finished item" lines of a parallel {@code pg_restore --verbose}.
 * A table is settled once its TABLE DATA item has finished (its rows are committed, and no later
 * item of a restore changes them) and so have the items that lock it against readers: its
 * CONSTRAINT (primary key, unique, exclusion), CHECK CONSTRAINT, RULE, POLICY and ROW SECURITY
 * items take ACCESS EXCLUSIVE locks, which a checksum reading the table would hold up. Indexes,
 * foreign keys and triggers take locks that let readers through. A table without a TABLE DATA item
 * of its own (a partitioned table, a materialized view), or whose item a line cannot name, never
 * settles here: it is read after pg_restore ends.
 */
public final class SettledTables {

    private static final Pattern TOC_ENTRY = Pattern.compile("^(\\d+); \\d+ \\d+ (.*)$");
    private static final Pattern FINISHED = Pattern.compile("finished item (\\d+) ");
    private static final List<String> LOCKING = List.of("CONSTRAINT", "CHECK CONSTRAINT", "RULE", "POLICY", "ROW SECURITY");

    private final Map<Integer, List<TableRef>> waitingOn = new HashMap<>();
    private final Map<TableRef, Integer> remaining = new HashMap<>();
    private final List<TableRef> watched = new ArrayList<>();

    private SettledTables() {
    }

    /** The tables to watch, with the archive entries each waits for. */
    public static SettledTables of(List<String> toc, Collection<TableRef> tables) {
        SettledTables settled = new SettledTables();
        for (TableRef table : tables) {
            List<Integer> items = new ArrayList<>();
            boolean hasData = false;
            for (String line : toc) {
                Matcher entry = TOC_ENTRY.matcher(line);
                if (!entry.matches()) {
                    continue;
                }
                int id = Integer.parseInt(entry.group(1));
                String rest = entry.group(2);
                if (isDataOf(rest, table)) {
                    hasData = true;
                    items.add(id);
                } else if (LOCKING.stream().anyMatch(desc -> rest.startsWith(desc + " " + table.schema() + " " + table.name() + " "))) {
                    items.add(id);
                }
            }
            if (hasData) {
                settled.remaining.put(table, items.size());
                settled.watched.add(table);
                items.forEach(id -> settled.waitingOn.computeIfAbsent(id, i -> new ArrayList<>()).add(table));
            }
        }
        return settled;
    }

    /** "TABLE DATA schema name owner": the owner is one word (or none), so a longer tag names another table. */
    private static boolean isDataOf(String rest, TableRef table) {
        String prefix = "TABLE DATA " + table.schema() + " " + table.name();
        return rest.equals(prefix) || rest.startsWith(prefix + " ") && !rest.substring(prefix.length() + 1).contains(" ");
    }

    /** The tables watched that can settle (those with a TABLE DATA item), for tests and the evidence. */
    public synchronized List<TableRef> watched() {
        return watched.stream().sorted().toList();
    }

    /** Reads one line of pg_restore's log; returns the tables it settles (usually none). */
    public synchronized List<TableRef> accept(String line) {
        Matcher finished = FINISHED.matcher(line);
        if (!finished.find()) {
            return List.of();
        }
        List<TableRef> waiting = waitingOn.remove(Integer.parseInt(finished.group(1)));
        if (waiting == null) {
            return List.of();
        }
        List<TableRef> now = new ArrayList<>();
        for (TableRef table : waiting) {
            if (remaining.merge(table, -1, Integer::sum) == 0) {
                remaining.remove(table);
                now.add(table);
            }
        }
        return now;
    }
}
