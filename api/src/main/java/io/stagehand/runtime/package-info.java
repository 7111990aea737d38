/**
 * The process itself: the relaunch that gives a plain {@code java -jar} its flags, heap release and
 * native memory trimming, the start-up timeline, the ready banner and the build's AOT training
 * run. Knows nothing of the features.
 */
package io.stagehand.runtime;
