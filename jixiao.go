// Package jixiao is the domain of budget performance self-evaluation
// (预算绩效自评): what a department or project evaluation holds, the rules it
// is scored under, and the scorecard that results.
//
// An Evaluation is one self-evaluation as data — the organisation profile,
// its budget at three stages (年初 / 调整 / 决算), projects with their own
// budgets and indicators, the overall goal and weighted sub-goals, the
// three-level indicator tree, judged deductions with reasons, problems and
// improvement measures, the work group and the process record. It is what
// an open case file (YAML or JSON) holds.
//
// A Rulebook is named, versioned data: grade bands, rounding policy, the
// over-achievement threshold θ, qualitative tiers, and for each subject
// (project or department) the layout of the scorecard and the rubric of
// every node. A Scorecard is the result of scoring an Evaluation under a
// Rulebook: a tree of weighted nodes, each with its score and a Chinese
// explanation of the arithmetic that produced it.
//
// Figures are kept as stated: when a report states a total and its parts,
// both are stored, so that a checker can show the disagreement. Amounts and
// scores are exact decimals; rounding is half-up and only for display.
//
// This package imports nothing of jixiao's own; scoring, checking, storage
// and rendering live in internal packages that depend on it.
package jixiao
