package io.stagehand.auth;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stagehand.permissions.*}, read by the default policy.
 *
 * @param admins             who may do everything: entity refs of users or groups (members of sub-groups
 *                           included), or {@code token:<name>} for a static token
 * @param approvers          who may approve, reject and revoke exemptions of every scorecard (refs as above)
 * @param scorecardApprovers per scorecard name, who may approve, reject and revoke its exemptions
 * @param read               the read restriction: when given, a caller sees only the entities one of these
 *                           rules matches, except admins and {@code readers}; without rules everyone sees all
 * @param readers            who see every entity despite the read rules (refs as above)
 * @param factPushers        per push fact source, who may submit its facts (refs as above; a CI pipeline's {@code token:<name>})
 * @param checkSubmitters    per scorecard, who may submit the results of its external checks (refs as above)
 */
@ConfigurationProperties("stagehand.permissions")
public record PermissionProperties(List<String> admins, List<String> approvers, Map<String, List<String>> scorecardApprovers,
        List<ReadRule> read, List<String> readers, Map<String, List<String>> factPushers, Map<String, List<String>> checkSubmitters) {

    public PermissionProperties {
        read = read == null ? List.of() : List.copyOf(read);
        readers = readers == null ? List.of() : List.copyOf(readers);
        admins = admins == null ? List.of() : List.copyOf(admins);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        scorecardApprovers = scorecardApprovers == null ? Map.of() : Map.copyOf(scorecardApprovers);
        factPushers = factPushers == null ? Map.of() : Map.copyOf(factPushers);
        checkSubmitters = checkSubmitters == null ? Map.of() : Map.copyOf(checkSubmitters);
    }
}
