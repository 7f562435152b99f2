// Starting text for a new challenge's pages, from its dataset and metric; hosts edit it later.
// Dates and quotas are not written here: the Rules tab states them from the phases at every
// request (phase-rules.ts), so a host's later change cannot leave them stale.
import type { DatasetStats } from "../../../datasets/dataset-stats";
import type { TaskType } from "../../../datasets/task-types";

interface PageContext {
  title: string;
  taskType: TaskType;
  metricTitle: string;
  datasetName: string;
  stats: DatasetStats | null;
  /** Classification: the dataset's number of classes (HPA's 28 when not known). */
  classCount?: number | null;
}

export function defaultPages(c: PageContext) {
  const segmentation = c.taskType === "instance_segmentation";
  const single = c.taskType === "singlelabel_classification";
  const lastClass = (c.classCount ?? 28) - 1;
  const task = segmentation
    ? "Find every object (e.g. nucleus) in each image and outline it separately: instance segmentation."
    : single
      ? "Say which one class each image (four channels) belongs to: single-label classification."
      : "Say which cellular compartments the protein in the green channel localizes to: multi-label classification.";
  const submission = segmentation
    ? "Submission: CSV `ImageId,EncodedPixels`, one row per predicted object, run-length encoded (pixels numbered from 1, top to bottom, then left to right; `start length` pairs). Objects of one image must not overlap."
    : single
      ? `Submission: CSV \`Id,Predicted\`, one row per test image, exactly one class number 0–${lastClass} per row.`
      : `Submission: CSV \`Id,Predicted\`, one row per test image, labels as space-separated class numbers 0–${lastClass}.`;
  const images = c.stats ? `${c.stats.images.train} training and ${c.stats.images.test} test images` : "training and test images";
  return {
    overview: `## ${c.title}

${task}
The dataset, **${c.datasetName}**, has ${images}.

1. Download the training data from the **Data** tab.
2. Predict on the test images and write a submission file (see **Evaluation**).
3. Upload it on the **Submit** tab or with \`npm run cli -- submit\`.
`,
    data: `## Files
- **train.zip**: training data in the layout the platform imports (${segmentation ? "Kaggle DSB 2018: `stage1_train/<ImageId>/images/<ImageId>.png`, one mask per object in `masks/`" : `Kaggle HPA: \`train/<Id>_{red,green,blue,yellow}.png\` and \`train.csv\`${single ? " (one class per image)" : ""}`}), plus \`metadata.csv\`.
- **test.zip**: the test images, without truth.
- **sample_submission.csv**: a valid submission in the expected format.

The test set has a public part (scored on the leaderboard during the phase) and a private part (revealed at the end); you do not know which image is in which. Until then a submission shows its public score and aggregates over public images only; per-image results follow with the private scores.
`,
    evaluation: `## Metric: ${c.metricTitle}

${submission}
A file with an error is rejected with the line number and image id of the problem.
`,
    rules: `## Rules
- One account per participant.
- The private leaderboard ranks the private score of each participant's best public submission and is revealed, with per-image results, when the last phase using these test images ends.
- Labelling the test images by hand is not allowed.
`,
  };
}
