package io.duckmesh.drill.stages;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a stage of the restore drill: wires the {@link DrillExtension} (shared context, skip after
 * a failed stage, outcome and timing), tags it {@code drill}, and serialises stages on one lock.
 * The stage's order comes from {@code @Order} on the class, its name from the class name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DrillExtension.class)
@Tag("drill")
@ResourceLock("restore-drill")
public @interface DrillStage {

    /** Runs even when an earlier stage failed (Cleanup). */
    boolean alwaysRuns() default false;
}
