package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A self-test drills with the settings it gives, whatever -Ddrill.* flags the user's mvn run carries. */
class SettingsIsolationTest {

    @Test
    void aUsersSystemPropertiesDoNotReachASelfTestsDrill(@TempDir Path work) throws Exception {
        String target = System.getProperty("drill.target");
        String rows = System.getProperty("drill.fixture.rows");
        System.setProperty("drill.target", "no-such-target");
        System.setProperty("drill.fixture.rows", "not a number");
        try {
            DrillOutcome outcome = DrillRun.in(work).with("drill.dry-run", "true").run();

            assertThatDrill(outcome).passedEveryStage().leftNoDump();
        } finally {
            restore("drill.target", target);
            restore("drill.fixture.rows", rows);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
