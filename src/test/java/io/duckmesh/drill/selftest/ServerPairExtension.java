package io.duckmesh.drill.selftest;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * See {@link DrillServers}: one {@link ServerPair} per test class, closed with the class; set into the
 * test instance's fields of that type, or given as a parameter.
 */
final class ServerPairExtension implements ParameterResolver, TestInstancePostProcessor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerPairExtension.class);

    /** Closes the pair when JUnit closes the class's store. */
    private record Started(ServerPair servers) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            servers.close();
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == ServerPair.class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(instance, servers(context));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServerPair.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return servers(context);
    }

    private static ServerPair servers(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        DrillServers wanted = testClass.getAnnotation(DrillServers.class);
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, type -> start(wanted, type), Started.class).servers();
    }

    private static Started start(DrillServers wanted, Class<?> testClass) {
        ServerPair servers = new ServerPair(wanted.verificationMajor());
        try {
            for (String catalog : wanted.catalogs()) {
                servers.load(catalog, wanted.rows());
            }
            return new Started(servers);
        } catch (Exception cannotLoad) {
            servers.close();
            throw new ParameterResolutionException("Cannot start the servers of " + testClass.getSimpleName() + " with the catalogs "
                    + String.join(", ", wanted.catalogs()) + ": " + cannotLoad.getMessage(), cannotLoad);
        }
    }
}
