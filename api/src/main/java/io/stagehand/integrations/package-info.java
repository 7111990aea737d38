/**
 * The source-control hosts Stagehand talks to, configured as Backstage's {@code integrations:}
 * block is ({@code stagehand.integrations}): for each GitHub host its API and raw URLs and its
 * credentials, a token or GitHub Apps, and for each GitLab host its API URL and token;
 * {@link GithubCredentials}, which gives the authorization for an organisation on a host (minting
 * and caching GitHub App installation tokens); and {@link UrlReaders}, which reads the files that
 * URLs on these hosts name, as Backstage's URL readers do.
 * Secrets stay inside {@link Secret}, which never shows them. A platform module: catalog sources
 * and other features use it; it uses {@code http} and {@code model} only.
 */
package io.stagehand.integrations;
