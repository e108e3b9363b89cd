/**
 * A minimal streaming ustar writer (POSIX.1-1988): each file is a 512-byte header, its bytes, zero padding to a
 * 512-byte boundary; two zero blocks end the archive. Sizes must be known before a file's bytes are written.
 */
const BLOCK = 512;
const encoder = new TextEncoder();

function field(header: Uint8Array, offset: number, length: number, text: string) {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new RangeError(`tar field too long: ${text}`);
  header.set(bytes, offset);
}

const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, "0");

/** The header block of a regular file. Paths over 100 bytes are split into ustar's prefix and name at a slash. */
export function tarHeader(path: string, size: number, mtimeSeconds: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  let name = path;
  let prefix = "";
  if (encoder.encode(path).length > 100) {
    const cut = path.lastIndexOf("/", 155);
    if (cut <= 0 || encoder.encode(path.slice(cut + 1)).length > 100)
      throw new RangeError(`tar path too long: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  field(header, 0, 100, name);
  field(header, 100, 8, octal(0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(size, 12));
  field(header, 136, 12, octal(Math.floor(mtimeSeconds), 12));
  field(header, 148, 8, "        ");
  field(header, 156, 1, "0");
  field(header, 257, 6, "ustar\0");
  field(header, 263, 2, "00");
  field(header, 265, 32, "hardlab");
  field(header, 297, 32, "hardlab");
  field(header, 345, 155, prefix);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${octal(sum, 7)}\0 `);
  return header;
}

/** Zero bytes that bring a file of `size` bytes to a block boundary. */
export const tarPadding = (size: number) => new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);

export const tarEnd = () => new Uint8Array(2 * BLOCK);

/** Reads a tar archive's regular files (for tests and checks): path -> bytes. */
export function readTar(archive: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  const text = (offset: number, length: number) =>
    decoder.decode(archive.subarray(offset, offset + length)).replace(/\0.*$/s, "");
  let at = 0;
  while (at + BLOCK <= archive.length) {
    if (archive.subarray(at, at + BLOCK).every((b) => b === 0)) break;
    const prefix = text(at + 345, 155);
    const name = (prefix ? `${prefix}/` : "") + text(at, 100);
    const size = parseInt(text(at + 124, 12).trim(), 8);
    files.set(name, archive.slice(at + BLOCK, at + BLOCK + size));
    at += BLOCK + size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }
  return files;
}
