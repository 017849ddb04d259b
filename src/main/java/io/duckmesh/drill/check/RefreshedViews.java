package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableDigester;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells a materialized view that pg_restore refreshed apart from one the restore damaged. pg_restore
 * refreshes every populated materialized view after loading its tables, so a view the source had not
 * refreshed since its tables changed comes back with other rows: by design. The view is refreshed
 * once more on the restored copy, inside a transaction that is rolled back, and digested the way the
 * restored copy's was: equal digests mean the restored rows are exactly the view's query over the
 * restored tables (whose own rows the other checks compare with the source), so a lost row still
 * fails, in the table it was lost from or in the view.
 */
public final class RefreshedViews {

    private final TableDigester digester = new TableDigester();

    /**
     * A note for each materialized view whose digest differs from the source's and whose restored
     * rows are its query's, keyed by view; views not in it keep their findings.
     */
    public Map<TableRef, String> byDesign(Connection restoredCopy, List<TableInfo> tables, Map<TableRef, TableDigest> source,
                                          Map<TableRef, TableDigest> restored) throws SQLException {
        Map<TableRef, String> notes = new TreeMap<>();
        for (TableInfo view : tables) {
            TableDigest s = source.get(view.table());
            TableDigest r = restored.get(view.table());
            if (!view.kind().equals("m") || s == null || r == null || !r.populated()
                    || (s.rows() == r.rows() && s.checksum().equals(r.checksum()))) {
                continue;
            }
            TableDigest refreshed = refreshedDigest(restoredCopy, view, r);
            if (refreshed.rows() == r.rows() && refreshed.checksum().equals(r.checksum())) {
                notes.put(view.table(), "pg_restore refreshed this materialized view: its " + r.rows() + " restored rows are exactly"
                        + " what its query returns over the restored tables; the source held " + (s.populated() ? s.rows() + " rows from"
                        + " an older refresh" : "no data (never refreshed)"));
            }
        }
        return notes;
    }

    private TableDigest refreshedDigest(Connection connection, TableInfo view, TableDigest restored) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("REFRESH MATERIALIZED VIEW " + view.table().quoted());
            return digester.digestLike(connection, view, restored);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
