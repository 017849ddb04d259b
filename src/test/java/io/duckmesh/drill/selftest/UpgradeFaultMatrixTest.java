package io.duckmesh.drill.selftest;

/**
 * The fault matrix as an upgrade rehearsal: the duckmesh fixture on the embedded PostgreSQL 15 source,
 * restored into an embedded PostgreSQL 17 (drill.restore.postgres-major=17). Every fault fails the
 * stage it fails within one major, with the same finding.
 */
class UpgradeFaultMatrixTest extends FaultMatrix {

    @Override
    DrillRun drill() {
        return DrillRun.in(work).with("drill.restore.postgres-major", "17");
    }
}
