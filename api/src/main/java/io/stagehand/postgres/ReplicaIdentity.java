package io.stagehand.postgres;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This process among the replicas sharing a database: its host (the pod's name in Kubernetes), its
 * process id and a random part, since tests run two replicas in one process. It names the sessions
 * a replica holds in {@code pg_stat_activity} and tells a replica its own change notifications.
 */
@Component
public class ReplicaIdentity {

    private final String id = host() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

    public String id() {
        return id;
    }

    private static String host() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
