package io.duckmesh.drill.selftest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a self-test only where the Debian PostgreSQL servers that {@code .ci/debian-servers} starts
 * answer (they carry PostGIS, pg_partman and contrib, which the embedded binaries do not) and the
 * real-world catalogs are beside the clone; skips it with the reason elsewhere. Under CI=true a
 * missing server or folder fails the test instead: CI must run them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DebianServersCondition.class)
@interface EnabledWithDebianServers {
}
