package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recovery objectives: the backup is no older than drill.rpo.max-age when the drill starts
 * (RPO), and the restore took no longer than drill.rto.max (RTO). Unset objectives are reported,
 * not checked.
 */
public final class RecoveryObjectivesCheck {

    /**
     * @param takenAt when the backup's snapshot was taken (or, without a manifest, when its file was written)
     * @param basis where takenAt comes from, for the report
     */
    public CheckResult rpo(Instant takenAt, String basis, Instant drillStart, Optional<Duration> maxAge) {
        Duration between = Duration.between(takenAt, drillStart);
        Duration age = between.isNegative() ? Duration.ZERO : between;
        List<Finding> findings = new ArrayList<>();
        maxAge.filter(max -> age.compareTo(max) > 0).ifPresent(max -> findings.add(new Finding(Finding.Code.BACKUP_TOO_OLD, "backup age",
                "the backup is older than the recovery point objective", max + " (drill.rpo.max-age)",
                human(age) + " (taken " + takenAt + ", " + basis + "; drill started " + drillStart + ")")));
        return new CheckResult("recovery point (RPO)", maxAge.map(m -> "backup age against " + m).orElse("backup age (not checked:"
                + " drill.rpo.max-age is empty)"), findings,
                "the newest backup is too old: check that the nightly backup job ran and wrote to drill.backup.dir,"
                        + " or raise drill.rpo.max-age if the objective changed.", "allowed ", "actual  ",
                new EvidenceTable("recovery point", List.of("backup taken", "basis", "drill started", "age", "drill.rpo.max-age"),
                        List.of(List.of(takenAt.toString(), basis, drillStart.toString(), human(age),
                                maxAge.map(Duration::toString).orElse("(not checked)")))));
    }

    public CheckResult rto(Duration restore, Optional<Duration> max) {
        List<Finding> findings = new ArrayList<>();
        max.filter(m -> restore.compareTo(m) > 0).ifPresent(m -> findings.add(new Finding(Finding.Code.RESTORE_TOO_SLOW, "restore time",
                "the restore took longer than the recovery time objective", m + " (drill.rto.max)", human(restore))));
        return new CheckResult("recovery time (RTO)", max.map(m -> "restore time against " + m)
                .orElse("restore time (not checked: drill.rto.max is empty)"), findings,
                "restoring this backup takes longer than the objective allows: restore with more jobs (drill.restore.jobs,"
                        + " drill.dump.format=directory), use a faster verification server, or raise drill.rto.max.",
                "allowed ", "actual  ", new EvidenceTable("recovery time", List.of("restore time", "drill.rto.max"),
                        List.of(List.of(human(restore), max.map(Duration::toString).orElse("(not checked)")))));
    }

    /** 1 d 2 h 3 min 4.5 s, shortest form. */
    static String human(Duration duration) {
        if (duration.isNegative()) {
            return "-" + human(duration.negated());
        }
        List<String> parts = new ArrayList<>();
        if (duration.toDays() > 0) {
            parts.add(duration.toDays() + " d");
        }
        if (duration.toHoursPart() > 0) {
            parts.add(duration.toHoursPart() + " h");
        }
        if (duration.toMinutesPart() > 0) {
            parts.add(duration.toMinutesPart() + " min");
        }
        if (parts.isEmpty() || duration.toSecondsPart() > 0 || duration.toMillisPart() > 0) {
            parts.add(String.format(java.util.Locale.ROOT, "%.3f s", duration.toSecondsPart() + duration.toMillisPart() / 1000.0));
        }
        return String.join(" ", parts);
    }
}
