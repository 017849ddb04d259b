package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgEndpoint;
import java.nio.file.Path;

/**
 * Where a backup's globals may be restored: the maintenance database of a server the drill started
 * for itself alone (a superuser's session), and a private folder that lives as long as that server,
 * for the tablespaces the globals create.
 */
public record GlobalsHome(PgEndpoint admin, Path folder, String describe) {
}
