package io.duckmesh.drill.pipeline;

/** A stage that has nothing to do in this drill (no migration history, no integrity API): skipped, with the reason. */
public final class StageSkipped extends RuntimeException {

    public StageSkipped(String reason) {
        super(reason);
    }
}
