package io.duckmesh.drill.selftest;

/**
 * SQL that damages an index the way storage corruption would, seen by amcheck and by no logical
 * comparison. Both build a sound index, then change the function it was built with, so its entries
 * no longer agree with what PostgreSQL computes now.
 */
public final class IndexCorruption {

    private IndexCorruption() {
    }

    /**
     * An index on {@code column} (any integer type) whose entries are out of order: its operator
     * class's comparison function is reversed after the build. {@code bt_index_check} sees it
     * ("item order invariant violated") with or without heapallindexed.
     */
    public static String itemsOutOfOrder(String table, String column) {
        return "CREATE FUNCTION public.drill_cmp(a bigint, b bigint) RETURNS int IMMUTABLE LANGUAGE sql"
                + " AS 'SELECT CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END';"
                + " CREATE OPERATOR CLASS public.drill_ops FOR TYPE bigint USING btree AS OPERATOR 1 <, OPERATOR 2 <=,"
                + " OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 public.drill_cmp(bigint, bigint);"
                + " CREATE INDEX drill_corrupt_idx ON " + table + " ((" + column + "::bigint) public.drill_ops);"
                + " CREATE OR REPLACE FUNCTION public.drill_cmp(a bigint, b bigint) RETURNS int IMMUTABLE LANGUAGE sql"
                + " AS 'SELECT CASE WHEN a < b THEN 1 WHEN a > b THEN -1 ELSE 0 END'";
    }

    /**
     * An expression index whose entries no longer match the rows: the indexed function is changed
     * after the build. The index's own order is intact, so only {@code bt_index_check} with
     * heapallindexed (drill.amcheck.heapallindexed) sees it.
     */
    public static String entriesNotMatchingRows(String table, String column) {
        return "CREATE FUNCTION public.drill_key(x bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT x';"
                + " CREATE INDEX drill_stale_idx ON " + table + " (public.drill_key(" + column + "));"
                + " CREATE OR REPLACE FUNCTION public.drill_key(x bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT -x'";
    }
}
