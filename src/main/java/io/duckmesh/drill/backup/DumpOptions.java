package io.duckmesh.drill.backup;

/**
 * How dumps are taken and restored: {@code custom} (one file) or {@code directory} (a folder that
 * pg_dump writes with {@code dumpJobs} sessions), how many jobs pg_restore runs, and who may read the
 * files written (drill.dump.mode).
 */
public record DumpOptions(String format, int dumpJobs, int restoreJobs, FileMode mode) {

    public static final DumpOptions DEFAULT = new DumpOptions("custom", 1, 1);

    /** Files written 0600. */
    public DumpOptions(String format, int dumpJobs, int restoreJobs) {
        this(format, dumpJobs, restoreJobs, FileMode.PRIVATE);
    }

    public DumpOptions {
        if (!format.equals("custom") && !format.equals("directory")) {
            throw new IllegalArgumentException("drill.dump.format=" + format + " is not custom or directory");
        }
    }

    public boolean directory() {
        return format.equals("directory");
    }
}
