// An npm package tarball (gzip'd ustar, every file under package/) from a few files in
// memory: what `npm install -g <url>` takes. Pure; the build writes it next to the CLI.
import { gzipSync } from "node:zlib";

const BLOCK = 512;

function header(name: string, size: number, mode: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK, 0);
  const field = (value: string, offset: number, length: number) => block.write(value, offset, length, "ascii");
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: file name too long: ${name}`);
  field(name, 0, 100);
  field(octal(mode, 8), 100, 8);
  field(octal(0, 8), 108, 8); // uid
  field(octal(0, 8), 116, 8); // gid
  field(octal(size, 12), 124, 12);
  field(octal(mtime, 12), 136, 12);
  field("        ", 148, 8); // checksum placeholder: spaces while summing
  field("0", 156, 1); // regular file
  field("ustar\u0000", 257, 6);
  field("00", 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  field(`${octal(sum, 7)}\u0000`, 148, 8);
  return block;
}

export interface TarFile {
  /** Path inside the package folder, e.g. "package.json". */
  name: string;
  content: Buffer;
  executable?: boolean;
}

export function npmTarball(files: readonly TarFile[], mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const file of files) {
    parts.push(header(`package/${file.name}`, file.content.byteLength, file.executable ? 0o755 : 0o644, seconds), file.content);
    const padding = (BLOCK - (file.content.byteLength % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return gzipSync(Buffer.concat(parts));
}
