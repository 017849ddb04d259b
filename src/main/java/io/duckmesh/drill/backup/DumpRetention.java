package io.duckmesh.drill.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps or deletes the drill's dump by {@code drill.dump.retain}: {@code always}, {@code never},
 * or {@code on-failure} (the default: a failed drill keeps the evidence for investigation).
 */
public final class DumpRetention {

    private final String policy;

    public DumpRetention(String policy) {
        if (!policy.equals("always") && !policy.equals("never") && !policy.equals("on-failure")) {
            throw new IllegalArgumentException("drill.dump.retain=" + policy + " is not always, on-failure or never");
        }
        this.policy = policy;
    }

    /** What happened to the dump, said for the console and the report. */
    public record Decision(boolean kept, String message) {
    }

    public Decision apply(Path dump, boolean drillFailed) {
        boolean keep = policy.equals("always") || (policy.equals("on-failure") && drillFailed);
        if (keep) {
            return new Decision(true, "kept the dump " + dump + " and its manifest (drill.dump.retain=" + policy
                    + (drillFailed ? ", drill failed" : "") + ")");
        }
        try {
            DumpFiles.deleteWithCompanions(dump);
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException("Cannot delete the dump " + dump + " (drill.dump.retain=" + policy
                    + "); delete it by hand", cannotDelete);
        }
        return new Decision(false, "deleted the dump " + dump + " and its manifest (drill.dump.retain=" + policy + ")");
    }
}
