package io.duckmesh.drill.inspect;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The large objects of a database, read as pg_dump reads them: each object's oid, size and a
 * checksum of its bytes computed in PostgreSQL (large-objects.sql), its owner, privileges and
 * comment. They are kept as digests of oid ranges of {@value #RANGE_WIDTH} oids (how many objects,
 * a checksum of their contents and comments, and one that adds owners and privileges, which a
 * restore with --no-owner --no-privileges does not keep), so a manifest stays small however many
 * objects there are; a range that differs is read object by object on both sides to name each
 * missing, extra or changed object.
 */
public final class LargeObjects {

    /** Oids per range: the manifest holds at most one digest per 65,536 oids that has objects. */
    public static final long RANGE_WIDTH = 65_536;
    /** Objects read per query while the ranges are digested. */
    private static final int BATCH = 4_096;

    /** One object as pg_dump writes it. */
    public record LargeObject(long oid, long size, String checksum, String owner, String acl, String comment) {
        String content() {
            return oid + " " + size + " " + checksum + " " + comment.length() + ":" + comment;
        }

        String ownership() {
            return owner.length() + ":" + owner + " " + acl;
        }
    }

    /**
     * The objects whose oids fall in [{@code low}, {@code low + RANGE_WIDTH}): how many, a checksum of
     * their contents and comments, and one of those with their owners and privileges.
     */
    public record Range(long low, long count, String checksum, String checksumWithOwners) {
        String compared(boolean ownership) {
            return count + " " + (ownership ? checksumWithOwners : checksum);
        }
    }

    /** The digests of every range that has objects, by oid. */
    public List<Range> digest(Connection connection) throws SQLException {
        Map<Long, MessageDigest[]> digests = new TreeMap<>();
        Map<Long, Long> counts = new TreeMap<>();
        long after = -1;
        while (true) {
            List<LargeObject> batch = read(connection, after, Long.MAX_VALUE, BATCH);
            for (LargeObject object : batch) {
                long range = object.oid() / RANGE_WIDTH * RANGE_WIDTH;
                MessageDigest[] pair = digests.computeIfAbsent(range, r -> new MessageDigest[] {sha256(), sha256()});
                pair[0].update((object.content() + "\n").getBytes(StandardCharsets.UTF_8));
                pair[1].update((object.content() + " " + object.ownership() + "\n").getBytes(StandardCharsets.UTF_8));
                counts.merge(range, 1L, Long::sum);
            }
            if (batch.size() < BATCH) {
                break;
            }
            after = batch.get(batch.size() - 1).oid();
        }
        List<Range> ranges = new ArrayList<>();
        digests.forEach((range, pair) -> ranges.add(new Range(range, counts.get(range), hex(pair[0]), hex(pair[1]))));
        return ranges;
    }

    /** The objects of the range that starts at {@code low}, in oid order. */
    public List<LargeObject> range(Connection connection, long low) throws SQLException {
        return read(connection, low - 1, low + RANGE_WIDTH - 1, Long.MAX_VALUE);
    }

    private List<LargeObject> read(Connection connection, long after, long upTo, long limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResource.load("large-objects.sql"))) {
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            statement.setLong(3, limit);
            List<LargeObject> objects = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    objects.add(new LargeObject(rs.getLong("oid"), rs.getLong("size"), rs.getString("checksum"), rs.getString("owner"),
                            rs.getString("acl"), rs.getString("comment")));
                }
            }
            return objects;
        }
    }

    /** The ranges whose digests differ, or that only one side has, by their low oid. */
    public static List<Long> differingRanges(List<Range> source, List<Range> restored, boolean ownership) {
        Map<Long, Range> left = byLow(source);
        Map<Long, Range> right = byLow(restored);
        TreeSet<Long> lows = new TreeSet<>(left.keySet());
        lows.addAll(right.keySet());
        return lows.stream().filter(low -> !Objects.equals(compared(left.get(low), ownership), compared(right.get(low), ownership)))
                .toList();
    }

    private static String compared(Range range, boolean ownership) {
        return range == null ? null : range.compared(ownership);
    }

    /** Each object that is missing, extra or changed, as (oid, problem, source, restored). */
    public static List<List<String>> differences(List<LargeObject> source, List<LargeObject> restored, boolean ownership) {
        Map<Long, LargeObject> left = byOid(source);
        Map<Long, LargeObject> right = byOid(restored);
        TreeSet<Long> oids = new TreeSet<>(left.keySet());
        oids.addAll(right.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (long oid : oids) {
            LargeObject s = left.get(oid);
            LargeObject r = right.get(oid);
            String id = Long.toString(oid);
            if (s == null) {
                rows.add(List.of(id, "exists only in the restored copy", "(none)", describe(r)));
            } else if (r == null) {
                rows.add(List.of(id, "missing from the restored copy", describe(s), "(none)"));
            } else if (s.size() != r.size()) {
                rows.add(List.of(id, "size differs", describe(s), describe(r)));
            } else if (!s.checksum().equals(r.checksum())) {
                rows.add(List.of(id, "bytes differ", describe(s), describe(r)));
            } else if (!s.comment().equals(r.comment())) {
                rows.add(List.of(id, "comment differs", s.comment(), r.comment()));
            } else if (ownership && !s.owner().equals(r.owner())) {
                rows.add(List.of(id, "owner differs", s.owner(), r.owner()));
            } else if (ownership && !s.acl().equals(r.acl())) {
                rows.add(List.of(id, "privileges differ", s.acl().isEmpty() ? "(default)" : s.acl(), r.acl().isEmpty() ? "(default)" : r.acl()));
            }
        }
        return rows;
    }

    private static String describe(LargeObject object) {
        return String.format("%,d bytes, md5 of its 1 MiB chunks' md5s %s", object.size(), object.checksum());
    }

    private static Map<Long, Range> byLow(List<Range> ranges) {
        Map<Long, Range> byLow = new LinkedHashMap<>();
        ranges.forEach(r -> byLow.put(r.low(), r));
        return byLow;
    }

    private static Map<Long, LargeObject> byOid(List<LargeObject> objects) {
        Map<Long, LargeObject> byOid = new LinkedHashMap<>();
        objects.forEach(o -> byOid.put(o.oid(), o));
        return byOid;
    }

    private static String hex(MessageDigest digest) {
        return String.format("%064x", new BigInteger(1, digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("This JVM has no SHA-256", absent);
        }
    }
}
