/**
 * Git as a platform: a shallow bare mirror of one branch of a remote repository in the git cache
 * folder ({@link GitMirror}), read by catalog sources and by scorecard git facts.
 */
package io.stagehand.git;
