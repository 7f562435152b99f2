// The text of the demo challenge's pages (markdown, rendered without raw HTML).

export const demoNucleiPages = {
  summary:
    "Find every nucleus in fluorescence, brightfield and H&E-stained images, and keep working when the test set's imaging conditions shift: instance segmentation scored like the 2018 Data Science Bowl.",
  overview: `## Find the nuclei

Identifying nuclei is the starting point of most analyses of cells in microscopy images.
This demo challenge mirrors the [2018 Data Science Bowl](https://www.kaggle.com/c/data-science-bowl-2018):
you get images of cells and must outline **each nucleus separately** (instance segmentation).

The images are synthetic and deterministic, generated in the spirit of the SIMCEP
simulator behind BBBC004: three imaging conditions as in the DSB — fluorescence (bright
nuclei on dark), brightfield, and H&E-like histology (purple nuclei on pink tissue) — with
sparse, dense and clustered nuclei, irregular shapes, blur, noise and uneven illumination.

**The twist is the one of DSB stage 2:** the private test set is drawn from a different
mix of conditions than training (much more histology). A model that only learned the
common condition will drop on the private leaderboard. The leaderboard measures exactly
how well methods transfer between microscopes and stains.

### How it works
1. Download the training images and masks from the **Data** tab.
2. Predict nuclei on the test images and encode them as run-length encoded rows.
3. Upload the CSV on the **Submit** tab, or with the CLI: \`npm run cli -- submit --challenge <slug> --file predictions.csv\`.
4. Your submission is scored in a sandbox against hidden ground truth; the **Leaderboard**
   shows public scores while the phase runs.
`,
  data: `## Files

- **train.zip** — training images in the Kaggle DSB layout: \`stage1_train/<ImageId>/images/<ImageId>.png\`
  and one binary mask per nucleus in \`stage1_train/<ImageId>/masks/\`, plus \`metadata.csv\`.
- **test.zip** — the test images, without masks.
- **sample_submission.csv** — a valid submission made by a classical baseline (Otsu threshold
  and connected components; the same as the "baseline" row of the leaderboard). Upload it
  as-is to see the whole loop work.

## Metadata
\`metadata.csv\` gives each image's imaging \`condition\` (fluorescence, brightfield,
histology), \`modality\` and \`stain\`; training images also have their density and nucleus
count. Images differ in size, so check your run-length encoding against the image height.

## The test set
The test images are split into a **public** part (scores shown on the leaderboard during the
phase) and a **private** part. You do not know which image is in which part: until the
phase has ended, submissions show the public score and aggregates over public images only
(per IoU threshold, per imaging condition); the private score and per-image results follow.
`,
  evaluation: `## Metric: mean average precision over IoU thresholds (DSB 2018)

For each image, every predicted object is compared to every true object by
intersection over union (IoU). At a threshold *t*, a true object counts as found (TP) when a
predicted object overlaps it with IoU > *t*; unmatched predictions are FP and unmatched true
objects FN. The image's precision at *t* is TP / (TP + FP + FN), averaged over
*t* = 0.50, 0.55, …, 0.95. The score is the mean over all test images; an image you leave out
counts as "no objects predicted". An image with no nuclei and no predictions scores 1.

## Submission format
A CSV with the header \`ImageId,EncodedPixels\`, one row per predicted nucleus:

\`\`\`
ImageId,EncodedPixels
0114f484a16c152baa2d82fdd43740880a762c93f436c8988ac461c5c9dbe7d5,1 3 10 4
\`\`\`

\`EncodedPixels\` holds space-separated pairs \`start length\`; pixels are numbered from 1,
top to bottom, then left to right. Predicted objects of one image must not overlap. A file
with an error is rejected with the line number and ImageId of the problem, and does not use
up your quota.
`,
  rules: `## Rules
- One account per participant. Up to **5 submissions per day** (UTC) and 100 in total;
  submissions that are rejected or fail do not count.
- The private leaderboard ranks the private score of each participant's best public
  submission and is revealed, with per-image results, when the phase ends.
- Hand-labelling the test images is not allowed.
`,
} as const;
