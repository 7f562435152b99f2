import type { SessionUser } from "../../contracts/common";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { getTestSetReveal, type TestSetReveal } from "../challenge/test-set-reveal";
import { conditionColumn } from "../../../datasets/dataset-stats";
import { datasetRepository } from "../../repositories/dataset-repository";
import type { Audience, ConditionContext } from "./disclose-report";

/** Who is looking: a host of the challenge, or a participant before or after the test set's reveal. */
export async function audienceFor(
  user: SessionUser | null,
  challenge: { id: string; datasetId: string },
  now: Date = new Date(),
): Promise<{ audience: Audience; reveal: TestSetReveal }> {
  const [isHost, reveal] = await Promise.all([canHostChallenge(user, challenge.id), getTestSetReveal(challenge.datasetId, now)]);
  return { audience: isHost ? "host" : reveal.revealed ? "participant-revealed" : "participant-open", reveal };
}

/** Test images' values of the dataset's allow-listed condition column (server side only). */
export async function testConditions(datasetId: string): Promise<ConditionContext> {
  const [dataset, items] = await Promise.all([datasetRepository.findById(datasetId), datasetRepository.listTestMetadata(datasetId)]);
  const publicKeys = dataset?.publicMetadataKeys ?? [];
  const column = conditionColumn(items, (key) => publicKeys.includes(key));
  const valueOf = new Map<string, string>();
  if (column) {
    for (const item of items) {
      const value = (item.metadata as Record<string, unknown> | null)?.[column];
      valueOf.set(item.imageId, value === undefined || value === null ? "(none)" : String(value));
    }
  }
  return { column, valueOf };
}
