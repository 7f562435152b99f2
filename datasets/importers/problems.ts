// Problems carry their location twice: as fields for the UI, and inside the message so a
// log line or a CLI report is useful on its own.
import type { ImportProblem } from "./types";

export interface Where {
  file?: string;
  line?: number;
  imageId?: string;
}

/** `file:line: text (image id)`; the id is appended unless `text` already says "image <id>". */
export function problemAt(where: Where, text: string): ImportProblem {
  const location = where.file ? `${where.file}${where.line ? `:${where.line}` : ""}: ` : "";
  const id = where.imageId && !text.includes(`image ${where.imageId}`) ? ` (image ${where.imageId})` : "";
  return { ...where, message: `${location}${text}${id}` };
}

/** Ids end up in CSV files and URLs: no separators, quotes or whitespace. */
export function invalidIdReason(id: string): string | null {
  if (id === "") return "is empty";
  if (/[\s,"';]/.test(id)) return "contains whitespace, a comma, a quote or a semicolon";
  if (/[\u0000-\u001F\u007F-\u009F]/.test(id)) return "contains control characters (NUL and the like)";
  // The gallery's image URLs take ids of at most 200 characters (ZImageId).
  if (id.length > 200) return "is longer than 200 characters";
  return null;
}

/** Several files of one kind were ignored: one warning, not one per file. */
export function ignoredFilesWarning(files: string[], why: string): ImportProblem | null {
  if (files.length === 0) return null;
  const shown = files.slice(0, 5).join(", ");
  const more = files.length > 5 ? ` and ${files.length - 5} more` : "";
  return { file: files[0], message: `ignored ${files.length} file(s) ${why}: ${shown}${more}` };
}

const IMAGE_EXTENSIONS = ["png", "tif", "tiff", "jpg", "jpeg"] as const;

/** `name.ext` → ["name", "ext"] when ext is an image extension (any case), else null. */
export function splitImageName(fileName: string): [stem: string, ext: string] | null {
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  const ext = fileName.slice(dot + 1).toLowerCase();
  return (IMAGE_EXTENSIONS as readonly string[]).includes(ext) ? [fileName.slice(0, dot), ext] : null;
}

export function dirname(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? "" : file.slice(0, slash);
}

export function basename(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "10.png" after "9.png": mask files are often numbered. */
export const naturalOrder = new Intl.Collator("en", { numeric: true }).compare;
