package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.stages.DrillExtension;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Self-test only: runs between Backup (10) and Restore (20) and damages the dump as a bad disk or
 * an interrupted copy would. {@value #PARAMETER} = {@code truncate} cuts it to half its size.
 */
@ExtendWith({DrillExtension.class, ContextParameter.class})
@Order(15)
class DumpDamage {

    static final String PARAMETER = "selftest.fault.dump";

    @Test
    void damageTheDump(DrillContext drill, ExtensionContext context) throws Exception {
        if (!context.getConfigurationParameter(PARAMETER).orElse("").equals("truncate")) {
            return;
        }
        Path dump = drill.dump().file();
        try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
    }
}
