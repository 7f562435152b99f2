// The text of the protein-localization demo challenge's pages (markdown, rendered without raw HTML).
import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";

export const demoProteinPages = {
  summary: "Say where in the cell a protein is: multi-label classification of four-channel cell images, scored like the Human Protein Atlas challenge.",
  overview: `## Where is the protein?

This demo mirrors the [Human Protein Atlas Image Classification](https://www.kaggle.com/c/human-protein-atlas-image-classification)
challenge. Each sample is a field of cultured cells imaged in four channels:

| channel | shows |
|---|---|
| green | the protein of interest |
| red | microtubules |
| blue | the nucleus |
| yellow | the endoplasmic reticulum |

Predict which of 28 subcellular compartments the green protein is found in; a sample may
have several. The images are synthetic and deterministic: the green pattern follows the
labelled compartments (nucleoplasm, nucleoli, mitochondria, plasma membrane, …) drawn in
every cell, with blur, noise and uneven brightness.
`,
  data: `## Files
- **train.zip** — the Kaggle HPA layout: \`train/<Id>_{red,green,blue,yellow}.png\`, \`train.csv\`
  (\`Id,Target\`, labels separated by spaces) and \`metadata.csv\` (cell line).
- **test.zip** — \`test/<Id>_<channel>.png\` for every test sample, without labels.
- **sample_submission.csv** — the expected format (predicts "Nucleoplasm" everywhere).

A logistic-regression baseline on a few per-channel statistics is on the leaderboard.

## Classes
${HPA_CLASSES.map((name, id) => `${id} ${name}`).join(" · ")}
`,
  evaluation: `## Metric: macro F1 over the 28 classes

For each class, F1 = 2·precision·recall / (precision + recall) over all test samples; the
score is the unweighted mean over the 28 classes. A class that appears in neither the truth
nor your predictions scores 0 (scikit-learn's \`zero_division=0\`), as in the original
competition, so rare classes matter as much as common ones.

## Submission format
\`\`\`
Id,Predicted
00070df0-bbc3-11e8-b2bc-ac1f6b6435d0,0 25
\`\`\`
One row per test sample, labels as space-separated class numbers (0–27), empty for none.
A file with an unknown or missing Id, a repeated Id or a label outside 0–27 is rejected
with its line number and does not use up your quota.
`,
  rules: `## Rules
- One account per participant. Up to **5 submissions per day** (UTC) and 100 in total;
  submissions that are rejected or fail do not count.
- The private leaderboard ranks the private score of each participant's best public
  submission and is revealed, with per-image results, when the phase ends.
`,
} as const;
