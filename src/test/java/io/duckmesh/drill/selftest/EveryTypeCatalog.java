package io.duckmesh.drill.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A generated catalog of the built-in types: a table per type with that type as its primary key
 * {@code k} and as a column {@code v} (where the type has a btree order to key on), or as a column
 * of a table without a primary key (json, xml and the geometric types have no equality). Each holds
 * three rows of distinct values, and {@link #changeOneValueInEachTable} changes one value in each.
 */
final class EveryTypeCatalog {

    /** A type, how its table is named, and three distinct values as SQL literals. */
    record Type(String name, String sql, boolean keyable, List<String> values) {
        String table() {
            return "every_" + name;
        }
    }

    static final List<Type> TYPES = List.of(
            keyed("uuid", "uuid", "'6a83b45d-6d3a-b59b-bce3-750693043302'", "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
            keyed("text", "text", "'plain'", "'with space and ünïcödé ☃'", "'tab\tand\nnewline, \"quotes\" and ''apostrophe'''"),
            keyed("varchar", "varchar(20)", "'a'", "'b '", "''"),
            keyed("char", "char(8)", "'a'", "'bb'", "'cccccccc'"),
            keyed("numeric", "numeric", "1.10", "-0.000000000000000000001", "123456789012345678901234567890.5"),
            keyed("float4", "float4", "1.1", "'NaN'", "'-Infinity'"),
            keyed("float8", "float8", "0.1", "1e308", "'-0'"),
            keyed("money", "money", "'1.23'", "'-4.56'", "'1000000.00'"),
            keyed("bool", "boolean", "true", "false"),
            keyed("date", "date", "'2026-12-01'", "'infinity'", "'0044-03-15 BC'"),
            keyed("time", "time", "'00:00'", "'23:59:59.999999'", "'12:00:00.5'"),
            keyed("timetz", "timetz", "'00:00+00'", "'12:00-05:30'", "'23:59:59.999999+14'"),
            keyed("timestamp", "timestamp", "'2026-12-01 00:00'", "'2026-12-01 00:00:00.000001'", "'-infinity'"),
            keyed("timestamptz", "timestamptz", "'2026-12-01 00:00+00'", "'2026-03-29 01:30+01'", "'infinity'"),
            keyed("interval", "interval", "'1 day'", "'25 hours'", "'1 mon -3 days 00:00:00.000001'"),
            keyed("inet", "inet", "'192.168.0.1'", "'192.168.0.1/24'", "'::1'"),
            keyed("cidr", "cidr", "'10.0.0.0/8'", "'10.1.0.0/16'", "'2001:db8::/32'"),
            keyed("macaddr", "macaddr", "'08:00:2b:01:02:03'", "'08:00:2b:01:02:04'", "'ff:ff:ff:ff:ff:ff'"),
            keyed("bit", "bit(8)", "B'00000000'", "B'10101010'", "B'11111111'"),
            keyed("varbit", "varbit", "B''", "B'1'", "B'10'"),
            keyed("bytea", "bytea", "'\\x'", "'\\x00ff'", "'\\xdeadbeef'"),
            keyed("jsonb", "jsonb", "'{\"a\": 1}'", "'[[1], 2]'", "'[[1, 2]]'"),
            keyed("tsvector", "tsvector", "'a fat cat'", "'cat:1A fat:2'", "''"),
            keyed("array", "integer[]", "'{1,2}'", "'{{1},{2}}'", "'{}'"),
            keyed("textarray", "text[]", "'{a,b}'", "'{\"a,b\"}'", "'{NULL}'"),
            keyed("range", "int4range", "'[1,5)'", "'empty'", "'(,)'"),
            keyed("tsrange", "tstzrange", "'[2026-01-01,2026-02-01)'", "'[2026-01-01,)'", "'empty'"),
            keyed("multirange", "int4multirange", "'{}'", "'{[1,2), [5,8)}'", "'{[1,3)}'"),
            keyed("enum", "every_mood", "'sad'", "'ok'", "'happy'"),
            keyed("domain", "every_positive", "1", "2", "2147483647"),
            keyed("composite", "every_pair", "ROW(1, 'a')", "ROW(1, NULL)", "ROW(NULL, NULL)"),
            unkeyed("json", "json", "'{\"a\": 1, \"a\": 2}'", "'{ \"b\" : [1,2] }'", "'null'"),
            unkeyed("xml", "xml", "'<a/>'", "'<a>text &amp; more</a>'", "'<b x=\"1\"/>'"),
            unkeyed("point", "point", "'(0,0)'", "'(1.5,-2)'", "'(1e-10,1e10)'"),
            unkeyed("box", "box", "'((0,0),(1,1))'", "'((2,2),(-1,-1))'", "'((0,0),(0,0))'"),
            unkeyed("polygon", "polygon", "'((0,0),(1,0),(0,1))'", "'((0,0),(2,0),(2,2),(0,2))'", "'((1,1))'"));

    private static Type keyed(String name, String sql, String... values) {
        return new Type(name, sql, true, List.of(values));
    }

    private static Type unkeyed(String name, String sql, String... values) {
        return new Type(name, sql, false, List.of(values));
    }

    /** The types and tables, with their rows. */
    static String create() {
        List<String> statements = new ArrayList<>(List.of(
                "CREATE TYPE every_mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN every_positive AS integer CHECK (VALUE > 0)",
                "CREATE TYPE every_pair AS (a integer, b text)"));
        for (Type type : TYPES) {
            statements.add(type.keyable()
                    ? "CREATE TABLE " + type.table() + " (k " + type.sql() + " PRIMARY KEY, v " + type.sql() + ", n integer NOT NULL)"
                    : "CREATE TABLE " + type.table() + " (v " + type.sql() + ", n integer NOT NULL)");
            for (int i = 0; i < type.values().size(); i++) {
                String value = type.values().get(i) + "::" + type.sql();
                statements.add("INSERT INTO " + type.table() + (type.keyable() ? " VALUES (" + value + ", " + value + ", " + i + ")"
                        : " VALUES (" + value + ", " + i + ")"));
            }
        }
        return statements.stream().collect(Collectors.joining(";\n")) + ";";
    }

    /** One value changed in each table: v of the first row becomes the second row's value. */
    static String changeOneValueInEachTable() {
        return TYPES.stream().map(type -> "UPDATE " + type.table() + " SET v = " + type.values().get(1) + "::" + type.sql()
                        + " WHERE n = 0")
                .collect(Collectors.joining(";\n")) + ";";
    }
}
