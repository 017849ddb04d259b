package io.duckmesh.drill.selftest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class's drill.target=server self-tests share one {@link ServerPair} holding these catalogs: set
 * into the test class's {@code ServerPair} field (or given as a parameter) before its first test,
 * stopped after the class. The class has one instance for all its tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ServerPairExtension.class)
@interface DrillServers {

    /** The catalogs loaded into the source server, one database each (duckmesh, chinook, northwind, pagila, ...). */
    String[] catalogs() default {"duckmesh"};

    /** About how many rows the duckmesh catalog is generated with. */
    long rows() default 10_000;

    /** The verification server's PostgreSQL major (an upgrade rehearsal), from target/postgres-binaries; 0: the source's. */
    int verificationMajor() default 0;
}
