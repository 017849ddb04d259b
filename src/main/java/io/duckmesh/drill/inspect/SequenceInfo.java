package io.duckmesh.drill.inspect;

/** A sequence and the column it feeds. */
public record SequenceInfo(TableRef sequence, TableRef table, String column, long increment) {
}
