-- +goose Up
-- Sampling re-check (抽查复核), rectification (问题整改) and results
-- application (结果应用). Times are Unix milliseconds; money is in
-- millionths of 万元 (BIGINT); scores are exact decimal text.
--
-- recheck_samples: a sample a bureau drew from the submitted
-- self-evaluations of its scope: the seed (text: an unsigned 64-bit
-- number), the method, the roster's digest and the whole jixiao.Sample as
-- JSON; recheck_items the drawn evaluations, in the sample's order.
CREATE TABLE recheck_samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT REFERENCES orgs(id),
  year INTEGER NOT NULL,
  seed TEXT NOT NULL,
  method TEXT NOT NULL,
  size INTEGER NOT NULL,
  population INTEGER NOT NULL,
  digest TEXT NOT NULL,
  rulebook TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX recheck_samples_year ON recheck_samples (year, org_id);
CREATE TABLE recheck_items (
  sample_id BIGINT NOT NULL REFERENCES recheck_samples(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  evaluation_id BIGINT NOT NULL,
  org_id BIGINT NOT NULL,
  unit TEXT NOT NULL,
  project TEXT NOT NULL,
  amount BIGINT NOT NULL DEFAULT 0,
  self_score TEXT NOT NULL,
  self_grade TEXT NOT NULL DEFAULT '',
  stratum TEXT NOT NULL DEFAULT '',
  picked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sample_id, seq),
  UNIQUE (sample_id, evaluation_id)
);
-- recheck_scores: an evaluator's re-score of one scorecard item of a
-- sampled evaluation, beside the self-score, with the reason.
CREATE TABLE recheck_scores (
  sample_id BIGINT NOT NULL REFERENCES recheck_samples(id) ON DELETE CASCADE,
  evaluation_id BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  item TEXT NOT NULL,
  weight TEXT NOT NULL,
  self_score TEXT NOT NULL,
  rescore TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  PRIMARY KEY (sample_id, evaluation_id, seq)
);
-- rectifications: problems to rectify (jixiao.Rectification) of a
-- department, found by a self-evaluation, a review, a re-check or a
-- monitoring warning; evidence and history as JSON.
CREATE TABLE rectifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  source TEXT NOT NULL,
  evaluation_id BIGINT,
  project TEXT NOT NULL DEFAULT '',
  problem TEXT NOT NULL,
  owner TEXT NOT NULL,
  measure TEXT NOT NULL,
  deadline TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '[]',
  link TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  return_reason TEXT NOT NULL DEFAULT '',
  history TEXT NOT NULL DEFAULT '[]',
  version BIGINT NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rectifications_org ON rectifications (org_id, year);
CREATE INDEX rectifications_year ON rectifications (year, status);
-- result_decisions: the finance bureau's decision on a graded
-- evaluation's next-year budget, beside what the rules suggested.
CREATE TABLE result_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id BIGINT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  unit TEXT NOT NULL,
  project TEXT NOT NULL,
  score TEXT,
  grade TEXT NOT NULL,
  amount BIGINT NOT NULL,
  rules TEXT NOT NULL,
  suggested_action TEXT NOT NULL,
  suggested_amount BIGINT NOT NULL,
  decided_action TEXT NOT NULL,
  decided_amount BIGINT,
  note TEXT NOT NULL DEFAULT '',
  username TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (evaluation_id)
);
CREATE INDEX result_decisions_year ON result_decisions (year, org_id);

-- +goose Down
DROP INDEX result_decisions_year;
DROP TABLE result_decisions;
DROP INDEX rectifications_year;
DROP INDEX rectifications_org;
DROP TABLE rectifications;
DROP TABLE recheck_scores;
DROP TABLE recheck_items;
DROP INDEX recheck_samples_year;
DROP TABLE recheck_samples;
