package io.duckmesh.drill.selftest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class's drill.target=server self-tests share one {@link ServerPair} holding these catalogs: a
 * test class takes it as a constructor (or method) parameter; it is started before the first use and
 * stopped after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServerPairExtension.class)
@interface DrillServers {

    /** The catalogs loaded into the source server, one database each (duckmesh, chinook, northwind, pagila, ...). */
    String[] catalogs() default {"duckmesh"};

    /** About how many rows the duckmesh catalog is generated with. */
    long rows() default 10_000;
}
