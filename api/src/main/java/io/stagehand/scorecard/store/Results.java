package io.stagehand.scorecard.store;

import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.model.ContentHash;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation.CheckResult;
import io.stagehand.scorecard.evaluation.Evaluation.Result;
import io.stagehand.scorecard.store.ScorecardStore.CheckChange;
import io.stagehand.scorecard.store.ScorecardStore.Previous;
import io.stagehand.scorecard.store.ScorecardStore.ResultRow;
import io.stagehand.scorecard.store.ScorecardStore.ScoreChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns evaluated results into rows to write: only those whose digest (score, level, and every
 * check's state, message, facts and exemption) changed, each check's {@code since} carried over
 * while its state holds, and history rows for what changed.
 */
public final class Results {

    private final Map<ScorecardStore.Pair, Previous> previous;
    private final String nowText;
    private final List<ResultRow> rows = new ArrayList<>();
    private final List<CheckChange> checkChanges = new ArrayList<>();
    private final List<ScoreChange> scoreChanges = new ArrayList<>();

    public Results(Map<ScorecardStore.Pair, Previous> previous, Instant now) {
        this.previous = previous;
        this.nowText = now.toString();
    }

    public void add(Scorecard scorecard, Snapshot entity, Result result) {
        // written once, as bytes: what is stored is what the digest covers (each check's since is in the states)
        byte[] json = StoredChecks.json(result.results());
        String digest = digest(result.score(), result.level(), json);
        Previous before = previous.get(new ScorecardStore.Pair(scorecard.name(), entity.key()));
        if (before != null && before.digest().equals(digest)) {
            return;
        }
        Map<String, StoredChecks.Since> states = before == null ? Map.of() : StoredChecks.states(before.states());
        if (before != null) {
            for (CheckResult check : result.results()) {
                StoredChecks.Since was = states.get(check.checkId());
                if (was == null || !was.state().equals(check.state().name())) {
                    checkChanges.add(new CheckChange(scorecard.name(), entity.key(), check.checkId(), check.state().name(), check.message()));
                }
            }
        }
        if (before == null || before.score() != result.score() || !java.util.Objects.equals(before.level(), result.level())) {
            scoreChanges.add(new ScoreChange(scorecard.name(), entity.key(), result.score(), result.level()));
        }
        rows.add(new ResultRow(scorecard.name(), entity.key(), entity.ref(), entity.kind() == null ? "" : entity.kind(), result.score(),
                result.level(), scorecard.rank(result.level()), result.worstFailing(), result.failing(), result.count(CheckState.PASS),
                result.count(CheckState.FAIL), result.count(CheckState.EXEMPT), result.count(CheckState.UNKNOWN),
                result.count(CheckState.ERROR), StoredChecks.text(json), StoredChecks.states(result.results(), states, nowText), digest));
    }

    public List<ResultRow> rows() {
        return rows;
    }

    public List<CheckChange> checkChanges() {
        return checkChanges;
    }

    public List<ScoreChange> scoreChanges() {
        return scoreChanges;
    }

    /** Of score, level and checks, separated by U+001F (the bytes digested before the checks were written as bytes). */
    static String digest(double score, String level, byte[] checksJson) {
        MessageDigest digest = ContentHash.digest();
        digest.update((score + "\u001f" + level + "\u001f").getBytes(StandardCharsets.UTF_8));
        digest.update(checksJson);
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
