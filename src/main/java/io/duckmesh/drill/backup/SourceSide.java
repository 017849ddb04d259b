package io.duckmesh.drill.backup;

import java.util.Optional;

/**
 * Where the source side of the parity checks comes from, and what that allows:
 * <ul>
 * <li>{@code SNAPSHOT}: the drill's own dump, with a manifest computed in the dump's snapshot, which
 * stays open so rows can be read as the dump saw them. Exact.</li>
 * <li>{@code BACKUP_MANIFEST}: an existing backup's manifest. Counts, checksums, schema and
 * migrations are exact; rows of a differing table can only be read from the live source.</li>
 * <li>{@code LIVE}: computed from the live source after the dump, because drill.parity.live-source
 * asked for it or because an existing backup has no manifest. Writes since the dump may explain any
 * finding; without drill.parity.live-source, row counts and content are not compared at all.</li>
 * </ul>
 */
public record SourceSide(Manifest manifest, Kind kind, Optional<SourceSnapshot> snapshot, boolean liveRequested, String dump) {

    public enum Kind { SNAPSHOT, BACKUP_MANIFEST, LIVE }

    /** Why row counts and content are not compared, or empty when they are. */
    public Optional<String> dataParitySkipped() {
        if (kind == Kind.LIVE && !liveRequested) {
            return Optional.of("no manifest beside the backup " + dump + ", so there are no row counts or checksums taken with"
                    + " it; set drill.parity.live-source=true to compare with the live source instead, or take backups with"
                    + " make backup, which writes the manifest");
        }
        return Optional.empty();
    }

    /** Appended to every finding that compares with the live source. */
    public String label() {
        return kind == Kind.LIVE ? " (compared with the live source after the dump: writes since the dump may explain it)" : "";
    }

    /** Appended to the rows ContentParity reads from the source to name a difference. */
    public String rowsLabel() {
        return kind == Kind.LIVE ? label() : snapshot.isPresent() ? "" : " (rows read from the live source now: writes since the backup may explain them)";
    }
}
