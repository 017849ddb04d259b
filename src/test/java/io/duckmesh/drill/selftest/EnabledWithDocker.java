package io.duckmesh.drill.selftest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a container self-test only where a Docker engine answers and the image is there; skips it
 * with that reason elsewhere. Under CI=true a missing engine or image fails the test instead: CI
 * must run the container tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
@interface EnabledWithDocker {
}
