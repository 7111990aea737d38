/**
 * Reading sources into the catalog: the trees a source exposes (a folder, a git commit), the
 * pipeline that turns their files into validated entities, relations and problems (following
 * Location entities), and the service that schedules runs and hands each result to the store.
 */
package io.stagehand.ingest;
