package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.util.Optional;

/** What 00 Preflight leaves for the stages after it: the target, its client programs, and the source with its identity. */
public record Prepared(DrillTarget target, PgClient client, ToolVersion pgDumpVersion, SourceFixture source,
                       Optional<ServerIdentity> sourceIdentity) {

    /** The same, with the source's identity as Preflight read it once connected. */
    public Prepared with(ServerIdentity identity) {
        return new Prepared(target, client, pgDumpVersion, source, Optional.of(identity));
    }
}
