package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The restored copy's digests taken while pg_restore ran and right after it, with the server's
 * {@link WriteMark} once they were all taken: 40 RowCountParity uses them only when the mark has
 * not moved since, and otherwise reads the tables again.
 *
 * @param readEarly the tables read before pg_restore ended
 */
public record DigestsTaken(Map<TableRef, TableDigest> digests, String writeMark, List<TableRef> readEarly) {

    public DigestsTaken {
        digests = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(digests));
        readEarly = List.copyOf(readEarly);
    }
}
