import type { Rejection } from "../../../scorers/types";

/** "Line 12 (ImageId abc): …" — where first, so long files are easy to fix. */
export function formatRejection(rejection: Rejection): string {
  const where: string[] = [];
  if (rejection.line !== undefined) where.push(`Line ${rejection.line}`);
  if (rejection.imageId !== undefined && !rejection.message.includes(rejection.imageId)) {
    where.push(`ImageId ${rejection.imageId}`);
  }
  return where.length > 0 ? `${where.join(", ")}: ${rejection.message}` : rejection.message;
}
