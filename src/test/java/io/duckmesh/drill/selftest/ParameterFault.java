package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.stages.DrillExtension;
import java.util.Optional;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Self-test only: a class that runs between two stages (its {@code @Order} says where) and injects a
 * fault when its configuration parameter is set, with the parameter's value; otherwise does nothing. In a
 * drill.databases run it runs once per database, and {@code parameter@database} injects into that
 * database's drill alone (a bare {@code parameter} into every database's).
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
abstract class ParameterFault {

    private final String parameter;

    ParameterFault(String parameter) {
        this.parameter = parameter;
    }

    @TestTemplate
    void injectTheFault(DrillContext drill, ExtensionContext context) throws Exception {
        Optional<String> database = drill.validSettings().filter(io.duckmesh.drill.settings.DrillSettings::oneOfSeveral)
                .map(settings -> settings.sourceEndpoint().database());
        Optional<String> value = database.flatMap(name -> context.getConfigurationParameter(parameter + "@" + name))
                .or(() -> context.getConfigurationParameter(parameter)).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
            inject(drill, value.get());
        }
    }

    /** Injects the fault; {@code value} is the parameter's. */
    abstract void inject(DrillContext drill, String value) throws Exception;
}
