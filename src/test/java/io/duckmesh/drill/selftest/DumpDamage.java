package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;

/**
 * Self-test only: runs between Backup (10) and Restore (20) and damages the dump as a bad disk or
 * an interrupted copy would. {@value #PARAMETER} = {@code truncate} cuts it to half its size;
 * {@code globals:<line>} appends the line to its globals file (drill.globals).
 */
@Order(15)
class DumpDamage extends ParameterFault {

    static final String PARAMETER = "selftest.fault.dump";

    DumpDamage() {
        super(PARAMETER);
    }

    @Override
    void inject(DrillContext drill, String how) throws Exception {
        if (how.startsWith("globals:")) {
            java.nio.file.Files.writeString(io.duckmesh.drill.backup.Manifest.globalsFileFor(drill.dump().file()),
                    how.substring("globals:".length()) + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
            return;
        }
        if (!how.equals("truncate")) {
            throw new IllegalArgumentException(PARAMETER + "=" + how + ": the damages are truncate and globals:<line>");
        }
        Path dump = drill.dump().file();
        try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
    }
}
