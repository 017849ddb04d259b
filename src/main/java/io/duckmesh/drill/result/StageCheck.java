package io.duckmesh.drill.result;

import java.util.Comparator;

/** A check of a stage ("ContentParity", "content parity"): what the metrics count findings by. */
public record StageCheck(String stage, String check) implements Comparable<StageCheck> {

    private static final Comparator<StageCheck> ORDER = Comparator.comparing(StageCheck::stage).thenComparing(StageCheck::check);

    @Override
    public int compareTo(StageCheck other) {
        return ORDER.compare(this, other);
    }
}
