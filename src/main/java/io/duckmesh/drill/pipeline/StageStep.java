package io.duckmesh.drill.pipeline;


/** What one stage does: reads what earlier stages left in the context, records its own, verifies its checks. */
@FunctionalInterface
public interface StageStep {

    /**
     * Runs the stage. Fails by throwing a {@link io.duckmesh.drill.result.DrillFailure} (its category says
     * whose fault it is), skips by throwing {@link StageSkipped}.
     */
    void run(DrillContext drill, StageScope stage) throws Exception;
}
