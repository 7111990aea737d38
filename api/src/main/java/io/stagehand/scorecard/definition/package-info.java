/**
 * What platform teams write: scorecards, fact sources and exemptions read from YAML and checked
 * (every problem names its file and line), the rules and operators of checks, and the definitions
 * in use. Pure where it can be: loading a definition runs nothing it names.
 */
package io.stagehand.scorecard.definition;
