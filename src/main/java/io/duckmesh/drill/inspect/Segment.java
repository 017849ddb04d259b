package io.duckmesh.drill.inspect;

/** The row count and checksum of one key range of a segmented table. */
public record Segment(int index, long rows, String checksum) {
}
