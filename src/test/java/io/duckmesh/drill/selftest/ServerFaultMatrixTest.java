package io.duckmesh.drill.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;

/**
 * The fault matrix on drill.target=server: the source is a server holding the duckmesh catalog,
 * reached by JDBC URL; the drill restores onto a separate verification server and drops its
 * throwaway database afterwards, whatever the outcome.
 */
@DrillServers
class ServerFaultMatrixTest extends FaultMatrix {

    private ServerPair servers;

    @Override
    DrillRun drill() {
        return servers.drill(work, "duckmesh");
    }

    @Override
    boolean comparesOwnership() {
        return false;
    }

    @Override
    boolean sourceIsPrivate() {
        return false;
    }

    @AfterEach
    void throwawayDatabaseIsGone() throws Exception {
        assertThat(servers.verificationDatabases()).as("databases left on the verification server").isEmpty();
    }
}
