/**
 * Reading sources into the catalog: the trees a source exposes (a folder, a git commit), the
 * pipeline that turns their files into validated entities, relations and problems (following
 * Location entities), the organisation sources (LDAP, Microsoft Graph, GitHub organisations through
 * the {@code integrations} module's credentials), and the service that schedules runs and
 * hands each result to the store. Other features see the sources, their runs and their git
 * repositories (the {@code sources} interface).
 */
package io.stagehand.catalog.ingest;
