package dev.asyncrosetta.contract;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The Kafka clients (producers, consumers, admin clients) open in this JVM, by the MBean each one
 * registers when it is created ({@code kafka.producer:type=app-info,id=<client.id>} and the like) and
 * unregisters when it is closed. A client whose threads ended without {@code close()} still holds its
 * sockets and its MBean: the thread snapshot misses it, this does not.
 */
final class OpenKafkaClients {
    private static final ObjectName APP_INFO = appInfo();

    private OpenKafkaClients() {}

    /** Every open client now, as "domain:id". */
    static Set<String> now() {
        Set<String> clients = new TreeSet<>();
        for (ObjectName name : ManagementFactory.getPlatformMBeanServer().queryNames(APP_INFO, null)) {
            clients.add(name.getDomain() + ":" + name.getKeyProperty("id"));
        }
        return clients;
    }

    /** Clients open now that were not in the earlier snapshot. */
    static Set<String> openedSince(Set<String> before) {
        Set<String> opened = now();
        opened.removeAll(before);
        return opened;
    }

    private static ObjectName appInfo() {
        try {
            return new ObjectName("kafka.*:type=app-info,*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
