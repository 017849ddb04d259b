package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.Secret;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL container that lives for the whole drill: it holds the source fixture and the
 * throwaway restore database, and runs pg_dump and pg_restore itself. Any image that honours the
 * official postgres image's contract works (a private mirror's, or the one {@code make image} builds).
 */
public final class ContainerServer implements AutoCloseable {

    private final PostgreSQLContainer container;
    private final Secret password;

    private ContainerServer(PostgreSQLContainer container, Secret password) {
        this.container = container;
        this.password = password;
    }

    /** Whether a Docker engine answers; the reason when not. */
    public static Optional<String> dockerProblem() {
        return DockerClientFactory.instance().isDockerAvailable() ? Optional.empty()
                : Optional.of("no Docker engine is reachable (checked DOCKER_HOST, /var/run/docker.sock and"
                        + " ~/.testcontainers.properties)");
    }

    public static ContainerServer start(String image, Duration startupTimeout) {
        dockerProblem().ifPresent(problem -> {
            throw new IllegalStateException("drill.target=container needs Docker, but " + problem
                    + ". Start Docker or use drill.target=embedded.");
        });
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        Secret password = new Secret(HexFormat.of().formatHex(random));
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres")
                .withPassword(password.reveal())
                .withDatabaseName("postgres")
                // The drill owns this server: autovacuum would only compete with the checks (the drill analyzes
                // the restored copy itself, once).
                .withCommand("postgres", "-c", "fsync=off", "-c", "autovacuum=off")
                .withStartupTimeout(startupTimeout);
        container.start();
        return new ContainerServer(container, password);
    }

    /** A database in the container, as reached from this machine. */
    public PgEndpoint endpoint(String database) {
        return new PgEndpoint(container.getHost(), container.getMappedPort(5432), database, container.getUsername(),
                Optional.of(password));
    }

    public PostgreSQLContainer container() {
        return container;
    }

    public String image() {
        return container.getDockerImageName();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "container " + container.getDockerImageName() + " (" + container.getContainerId() + ")";
    }
}
