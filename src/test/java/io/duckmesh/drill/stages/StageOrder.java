package io.duckmesh.drill.stages;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * Runs the stage classes in their {@link io.duckmesh.drill.pipeline.Stage} order, and any other class
 * by its {@code @Order} (the self-tests' fault injections between stages), else last.
 */
public final class StageOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(descriptor -> order(descriptor.getTestClass())));
    }

    static int order(Class<?> type) {
        DrillStage stage = type.getAnnotation(DrillStage.class);
        if (stage != null) {
            return stage.value().order();
        }
        Order order = type.getAnnotation(Order.class);
        return order == null ? Order.DEFAULT : order.value();
    }
}
