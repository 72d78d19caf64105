package dev.asyncrosetta.broker.junit;

import dev.asyncrosetta.broker.KafkaCluster;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * One embedded Kafka broker for every test class of a test JVM that uses this extension, started when
 * the first test needs it and stopped when the JVM's test run ends.
 *
 * <p>It gives a test the broker as a {@link KafkaCluster} (a parameter of a test or lifecycle method,
 * or a non-static field of that type) and its own {@link KafkaNames} (a parameter), so tests sharing
 * the broker use topics and groups of their own:
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class OrderEventsTest {
 *     @Test
 *     void publishes(KafkaCluster kafka, KafkaNames names) {
 *         String topic = names.topic();
 *         kafka.createTopic(topic, 3);
 *         ... new KafkaProducer<>(kafka.clientProperties()) ...
 *     }
 * }
 * }</pre>
 *
 * <p>One broker, not one per class: each start costs about 3 s of a 2-core machine, some 60 threads
 * and tens of MiB of heap, and unique names already keep the tests apart. The broker is kept as an
 * {@link AutoCloseable} in the root context's store, which JUnit 5.13 and later close at the end of
 * the run.
 */
public final class KafkaExtension implements ParameterResolver, TestInstancePostProcessor {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaCluster.class || type == KafkaNames.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KafkaCluster.class) {
            return broker(context);
        }
        if (type == KafkaNames.class) {
            return KafkaNames.of(context.getRequiredTestClass().getSimpleName(), testName(context));
        }
        throw new ParameterResolutionException("KafkaExtension cannot supply a " + type.getName());
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        for (Class<?> type = testInstance.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == KafkaCluster.class && !Modifier.isStatic(field.getModifiers())
                        && !Modifier.isFinal(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(testInstance, broker(context));
                }
            }
        }
    }

    /** The display name, without the parameter types JUnit adds to a method's default one. */
    private static String testName(ExtensionContext context) {
        String displayName = context.getDisplayName();
        return context.getTestMethod().map(Method::getName)
                .filter(method -> displayName.startsWith(method + "("))
                .orElse(displayName);
    }

    /**
     * The JVM's broker, kept in the root context's store: JUnit closes an {@link AutoCloseable} value
     * there when the whole test run ends, not when the class that first asked for it ends. The store
     * creates it once even when tests run in parallel.
     */
    private static KafkaCluster broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaCluster.class, key -> KafkaCluster.embedded(), KafkaCluster.class);
    }
}
