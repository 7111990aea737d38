/**
 * Reading sources into the catalog: the trees a source exposes (a folder, a git commit), the
 * pipeline that turns their files into validated entities, relations and problems (following
 * Location entities), and the service that schedules runs and hands each result to the store.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one uses {@code catalog}, {@code config} and {@code
 * store}.
 */
package io.stagehand.ingest;
