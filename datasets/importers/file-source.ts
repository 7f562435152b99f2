// Uniform read access to an upload: a directory on disk or a zip archive held in memory.
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { inflateSync, unzipSync } from "fflate";
import type { ImportProblem } from "./types";

/**
 * Paths are kept exactly as in the upload, including a top folder that wraps everything
 * ("compress this folder" zips): messages then name files the user can find. Importers look
 * for their layout at any depth, so such a wrapper needs no special handling.
 */
export interface FileSource {
  /** For messages: the directory path or the archive's name. */
  name: string;
  /** Posix paths relative to the source root, files only, sorted by code unit. */
  list(): string[];
  read(path: string): Promise<Uint8Array>;
  /** Problems found while opening the source (unsafe zip entries, unreadable archive). */
  problems: ImportProblem[];
}

/** Finder, Explorer and version-control litter that is never part of a dataset. */
function isIgnored(relativePath: string): boolean {
  return relativePath
    .split("/")
    .some((segment) => segment.startsWith(".") || segment === "__MACOSX" || segment === "Thumbs.db" || segment === "desktop.ini");
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Files under `rootDir`, read on demand. Symbolic links are not followed (an upload
 * extracted on the server must not reach outside its folder).
 */
export function directorySource(rootDir: string): FileSource {
  const problems: ImportProblem[] = [];
  const found: string[] = [];
  const walk = (relative: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(rootDir, relative), { withFileTypes: true });
    } catch (error) {
      problems.push({ file: relative || ".", message: `${relative || rootDir}: cannot read directory (${errorText(error)})` });
      return;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (isIgnored(child)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk("");
  const paths = found.sort(byCodeUnit);
  const known = new Set(paths);
  return {
    name: rootDir,
    problems,
    list: () => [...paths],
    async read(file) {
      if (!known.has(file)) throw new Error(`${file}: no such file in ${rootDir}`);
      const buffer = await readFile(path.join(rootDir, ...file.split("/")));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  };
}

interface ZipEntry {
  name: string;
  /** Offset of the local file header. */
  offset: number;
  compressedSize: number;
  size: number;
  method: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const UTF8_FLAG = 0x800;

/**
 * Reads the central directory only, so entries can be inflated one at a time: a 30k-mask
 * archive then never exists twice in memory. fflate's `unzipSync` inflates everything at
 * once; it is the fallback for archives this reader does not handle (ZIP64). The inflating
 * itself is fflate's.
 */
function readCentralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) return null; // ZIP64
  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIGNATURE) return null;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) return null;
    const rawName = bytes.subarray(p + 46, p + 46 + nameLength);
    // Like fflate: UTF-8 when flagged, otherwise one byte per character.
    const name = flags & UTF8_FLAG ? new TextDecoder().decode(rawName) : String.fromCharCode(...rawName);
    entries.push({ name, offset, compressedSize, size, method });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== LOCAL_SIGNATURE) {
    throw new Error("local header missing; the archive is damaged");
  }
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new Error("entry runs past the end of the archive; it is truncated");
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    const out = inflateSync(data, { out: new Uint8Array(entry.size) });
    if (out.length !== entry.size) throw new Error("entry inflates to the wrong size; the archive is damaged");
    return out;
  }
  throw new Error(`compression method ${entry.method} is not supported (only stored and deflate)`);
}

function unsafeReason(name: string): string | null {
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "absolute path";
  if (name.split("/").includes("..")) return "path leaves the archive (..)";
  return null;
}

/** A zip archive in memory. Never throws: a damaged archive is an empty source with a problem. */
export function zipSource(bytes: Uint8Array, name: string): FileSource {
  const problems: ImportProblem[] = [];
  const readers = new Map<string, () => Uint8Array>();
  const entries = readCentralDirectory(bytes);
  if (entries) {
    for (const entry of entries) readers.set(entry.name, () => inflateEntry(bytes, entry));
  } else {
    try {
      const files = unzipSync(bytes);
      for (const [entryName, data] of Object.entries(files)) readers.set(entryName, () => data);
    } catch (error) {
      problems.push({ file: name, message: `${name}: not a readable zip archive (${errorText(error)})` });
    }
  }
  const kept = new Map<string, () => Uint8Array>();
  for (const [rawName, reader] of readers) {
    // Windows tools sometimes write backslashes, which zip forbids but unzip tools accept.
    const entryName = rawName.replaceAll("\\", "/");
    if (entryName.endsWith("/")) continue; // directory entry
    const unsafe = unsafeReason(entryName);
    if (unsafe) {
      problems.push({ file: entryName, message: `${name}: entry "${entryName}" skipped: ${unsafe}` });
      continue;
    }
    const clean = entryName.replace(/^(\.\/)+/, "");
    if (isIgnored(clean)) continue;
    if (kept.has(clean)) {
      problems.push({ file: clean, message: `${name}: entry "${clean}" occurs more than once in the archive` });
      continue;
    }
    kept.set(clean, reader);
  }
  return readerSource(name, problems, kept);
}

/** A source over readers by path (zip entries, or bytes held in memory). */
function readerSource(name: string, problems: ImportProblem[], readers: ReadonlyMap<string, () => Uint8Array | Promise<Uint8Array>>): FileSource {
  const paths = [...readers.keys()].sort(byCodeUnit);
  return {
    name,
    problems,
    list: () => [...paths],
    async read(file) {
      const reader = readers.get(file);
      if (!reader) throw new Error(`${file}: no such file in ${name}`);
      return reader();
    },
  };
}

/** Files given as bytes (or text), e.g. a multi-file upload; paths are cleaned like zip entries. */
export function memorySource(files: Record<string, Uint8Array | string>, name = "upload"): FileSource {
  const problems: ImportProblem[] = [];
  const kept = new Map<string, () => Uint8Array>();
  for (const [rawName, content] of Object.entries(files)) {
    const entryName = rawName.replaceAll("\\", "/").replace(/^(\.\/)+/, "");
    const unsafe = unsafeReason(entryName);
    if (unsafe) {
      problems.push({ file: entryName, message: `${name}: file "${entryName}" skipped: ${unsafe}` });
      continue;
    }
    if (isIgnored(entryName) || entryName.endsWith("/")) continue;
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    kept.set(entryName, () => bytes);
  }
  return readerSource(name, problems, kept);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
