package io.duckmesh.drill.result;

import java.util.concurrent.Callable;

/** Runs a named piece of work and records it: an Allure step in a drill, a console line on the command line. */
@FunctionalInterface
public interface Steps {

    <T> T step(String name, Callable<T> work);
}
