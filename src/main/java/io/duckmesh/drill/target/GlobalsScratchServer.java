package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.EmbeddedServer;
import java.time.Duration;

/**
 * An embedded PostgreSQL started only to restore a backup's globals onto and read them back, where the
 * restore server is shared (drill.target=server) or holds the source (drill.target=container): the
 * globals are never restored there. Stopped, with its folders, when closed.
 */
public final class GlobalsScratchServer implements AutoCloseable {

    private final EmbeddedServer server;
    private final PrivateFolder folder;

    public GlobalsScratchServer(Duration startupWait) {
        this.folder = PrivateFolder.create("drill-globals-");
        this.server = EmbeddedServer.start("globals scratch server", startupWait);
    }

    public GlobalsHome home() {
        return new GlobalsHome(server.endpoint("postgres"), folder.path(), "a scratch embedded PostgreSQL on port "
                + server.endpoint("postgres").port() + " (the globals are never restored onto the verification server)");
    }

    @Override
    public void close() {
        try (folder) {
            server.close();
        }
    }
}
