package io.stagehand.catalog;

import tools.jackson.databind.JsonNode;

/**
 * Where a user or group of an organisation source came from.
 *
 * @param source the source's name
 * @param type its type: {@code ldap}, {@code msgraph} or {@code github-org}
 * @param raw the provider's record as JSON: an LDAP entry's attributes (each a list of strings, with
 *     {@code dn}), a Microsoft Graph user or group, a GitHub user or team as its GraphQL API answered
 */
public record OrgRecord(String source, String type, JsonNode raw) {
}
