package io.duckmesh.drill.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Self-test only: the drill in a JVM of its own, as make drill runs it, so a test can stop it with
 * SIGTERM or SIGKILL, give it settings through real environment variables or start it under a umask.
 * Arguments are {@code key=value} configuration parameters (the SQL faults' among them).
 */
public final class ChildDrill {

    private ChildDrill() {
    }

    public static void main(String[] args) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("junit.jupiter.testclass.order.default", "io.duckmesh.drill.stages.StageOrder");
        parameters.putAll(io.duckmesh.drill.stages.ClusterParallelism.PARAMETERS);
        for (String arg : args) {
            int split = arg.indexOf('=');
            parameters.put(arg.substring(0, split), arg.substring(split + 1));
        }
        java.util.List<org.junit.platform.engine.DiscoverySelector> selectors = new java.util.ArrayList<>(
                java.util.List.of(selectPackage("io.duckmesh.drill.stages")));
        SqlFaults.classes().forEach(type -> selectors.add(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(type)));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors).configurationParameters(parameters).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        System.out.println("child drill finished: " + listener.getSummary().getTestsSucceededCount() + " stages passed, "
                + listener.getSummary().getTotalFailureCount() + " failed");
    }
}
