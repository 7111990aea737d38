package io.stagehand.catalog.ingest;

import io.stagehand.catalog.GroupTransformer;
import io.stagehand.catalog.OrgRecord;
import io.stagehand.catalog.UserTransformer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** The company's user and group transformers, in their order; none by default. */
@Component
final class OrgTransformers {

    static final OrgTransformers NONE = new OrgTransformers(List.of(), List.of());

    private final List<UserTransformer> users;
    private final List<GroupTransformer> groups;

    @Autowired
    OrgTransformers(ObjectProvider<UserTransformer> users, ObjectProvider<GroupTransformer> groups) {
        this(users.orderedStream().toList(), groups.orderedStream().toList());
    }

    OrgTransformers(List<UserTransformer> users, List<GroupTransformer> groups) {
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
    }

    boolean none() {
        return users.isEmpty() && groups.isEmpty();
    }

    /** The entity after every transformer of its kind, or null when one left it out; other kinds pass as they are. */
    ObjectNode apply(ObjectNode descriptor, OrgRecord record) {
        String kind = descriptor.path("kind").asString("");
        ObjectNode current = descriptor;
        if (kind.equalsIgnoreCase("User")) {
            for (UserTransformer transformer : users) {
                current = current == null ? null : transformer.transform(current, record);
            }
        } else if (kind.equalsIgnoreCase("Group")) {
            for (GroupTransformer transformer : groups) {
                current = current == null ? null : transformer.transform(current, record);
            }
        }
        return current;
    }
}
