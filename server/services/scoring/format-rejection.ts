import type { Rejection } from "../../../scorers/types";
import { printable } from "../../printable";

/** Long enough for any scorer's explanation; a message echoing a megabyte-long ImageId is cut. */
const MAX_MESSAGE_CHARS = 600;
const MAX_IMAGE_ID_CHARS = 80;

/**
 * "Line 12 (ImageId abc): …" — where first, so long files are easy to fix. Whatever the
 * message echoes from the file (an ImageId with a NUL, say) is escaped and cut, so the
 * rejection can always be stored (PostgreSQL refuses NUL in text) and shown.
 */
export function formatRejection(rejection: Rejection): string {
  const where: string[] = [];
  if (rejection.line !== undefined && !rejection.message.startsWith(`Line ${rejection.line} `)) where.push(`Line ${rejection.line}`);
  if (rejection.imageId !== undefined && !rejection.message.includes(rejection.imageId)) {
    where.push(`ImageId ${printable(rejection.imageId, MAX_IMAGE_ID_CHARS)}`);
  }
  const message = printable(rejection.message, MAX_MESSAGE_CHARS);
  return where.length > 0 ? `${where.join(", ")}: ${message}` : message;
}
