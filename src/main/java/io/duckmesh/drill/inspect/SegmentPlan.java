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

    /**
     * A WHERE condition selecting buckets {@code from} to {@code to - 1}, for a table aliased t; the
     * first chunk also takes the keys below the range (bucket -1), the last those above it.
     */
    public String chunk(int from, int to) {
        String key = "t." + TableRef.quote(column);
        String lower = from <= 0 ? "" : key + " >= " + (low + from * width);
        String upper = to >= count ? "" : key + " < " + (low + to * width);
        return lower.isEmpty() && upper.isEmpty() ? "true" : lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + " AND " + upper;
    }

    private long upperBound() {
        return low + count * width;
    }
}
