package io.duckmesh.drill.inspect;

/**
 * How a large table with a single integer primary key is cut into key ranges for checksumming:
 * bucket {@code i} holds keys in {@code [low + i*width, low + (i+1)*width)}. Keys below the range
 * fall into bucket -1 and keys above it into bucket {@code count}, so rows the restored copy has
 * beyond the source's range still land in a bucket.
 */
public record SegmentPlan(String column, long low, long width, int count) {

    /** SQL giving a row's bucket, for a table aliased {@code t}. */
    public String bucketExpression() {
        String key = "t." + TableRef.quote(column);
        return "CASE WHEN " + key + " < " + low + " THEN -1 WHEN " + key + " >= " + upperBound() + " THEN " + count
                + " ELSE ((" + key + " - " + low + ") / " + width + ")::int END";
    }

    /** A WHERE condition selecting the rows of one bucket, for a table aliased {@code t}. */
    public String condition(int bucket) {
        String key = "t." + TableRef.quote(column);
        if (bucket < 0) {
            return key + " < " + low;
        }
        if (bucket >= count) {
            return key + " >= " + upperBound();
        }
        return key + " >= " + (low + bucket * width) + " AND " + key + " < " + (low + (bucket + 1) * width);
    }

    private long upperBound() {
        return low + count * width;
    }
}
