/**
 * The demo catalog's facts, so its scorecards show varied results offline; used only when the demo
 * is on.
 */
package io.stagehand.scorecard.demo;
