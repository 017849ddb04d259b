package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What 40 RowCountParity leaves: the restored copy's table digests (counts and checksums, one scan
 * per table) and the materialized views pg_restore refreshed, with their notes, for 50 ContentParity.
 */
public record Counted(Map<TableRef, TableDigest> digests, Map<TableRef, String> refreshedViews) {

    public Counted {
        digests = Collections.unmodifiableSortedMap(new TreeMap<>(digests));
        refreshedViews = Map.copyOf(refreshedViews);
    }
}
