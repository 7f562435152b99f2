// A scored submission's per-image states go to the blob store (server side only: nothing
// serves these keys), its image list once per test set.
import { z } from "zod";
import { getBlobStore } from "../../blob";
import { decodeImageIndex, decodeImageStates, encodeImageStates, type DecodedStates, type ImageIndex } from "./image-states-codec";

const ZImageStates = z.object({
  fields: z.array(z.string()).min(1),
  items: z.array(z.object({ id: z.string(), usage: z.enum(["Public", "Private", "Validation"]).nullable(), state: z.array(z.number()) })),
});

/** Where one attempt's states go: a re-run never overwrites the states a committed attempt left. */
export const imageStatesKey = (submissionId: string, attempt: number) => `image-states/${submissionId}/${attempt}.bin`;

const indexKey = (digest: string) => `image-states/index/${digest}.json.gz`;

/**
 * Stores the `imageStates` of a scorer's report, if it has any; returns the key, or null.
 * Throws on malformed states (a scorer bug: the job fails visibly rather than storing them).
 */
export async function storeImageStates(submissionId: string, attempt: number, imageStates: unknown): Promise<string | null> {
  if (imageStates === undefined) return null;
  const encoded = encodeImageStates(ZImageStates.parse(imageStates));
  const store = getBlobStore();
  // Content-addressed: concurrent writers of the same list write the same bytes.
  if (!(await store.exists(indexKey(encoded.indexDigest)))) await store.put(indexKey(encoded.indexDigest), encoded.index);
  const key = imageStatesKey(submissionId, attempt);
  await store.put(key, encoded.states);
  return key;
}

export async function loadImageStates(key: string): Promise<DecodedStates> {
  return decodeImageStates(await getBlobStore().get(key));
}

/** Image lists are immutable (named by their digest): kept once read. */
const indexes = new Map<string, ImageIndex>();

export async function loadImageIndex(digest: string): Promise<ImageIndex> {
  const known = indexes.get(digest);
  if (known) return known;
  const index = decodeImageIndex(await getBlobStore().get(indexKey(digest)));
  if (indexes.size > 64) indexes.clear();
  indexes.set(digest, index);
  return index;
}
