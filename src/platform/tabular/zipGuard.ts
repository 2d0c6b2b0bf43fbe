import { createInflateRaw } from 'node:zlib';
import { TabularError, TabularLimitError } from './errors.js';
import { megabytes, type ReadLimits } from './limits.js';

const LOCAL_HEADER = 0x04034b50;
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const HAS_DESCRIPTOR = 0x08;
const ZIP64_SIZE = 0xffffffff;

export const unreadableWorkbook = () => new TabularError('Ce fichier Excel est illisible : il est peut-être endommagé ou protégé par un mot de passe.');

/**
 * Inflates every part of a workbook before the XLSX reader does, counting the bytes that come
 * out and throwing each chunk away, and refuses the file as soon as one part, or all of them,
 * would inflate beyond the limits: a zip bomb (a few megabytes that inflate to a gigabyte) is
 * stopped after one cap's worth of work, with memory flat. The sizes a zip declares are not
 * trusted — only the inflated bytes are counted.
 *
 * The parts are found the way the streaming reader finds them (exceljs reads with unzipper's
 * Parse: local headers one after the other, a part of unknown size ending at the first
 * descriptor signature), so the reader inflates exactly the slices measured here.
 */
export async function guardZip(buffer: Buffer, limits: ReadLimits): Promise<void> {
  let at = 0;
  let entries = 0;
  let total = 0;
  while (at + 4 <= buffer.length && buffer.readUInt32LE(at) === LOCAL_HEADER) {
    if (at + 30 > buffer.length) throw unreadableWorkbook();
    const flags = buffer.readUInt16LE(at + 6);
    const method = buffer.readUInt16LE(at + 8);
    const compressedSize = buffer.readUInt32LE(at + 18);
    const dataStart = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
    if (compressedSize === ZIP64_SIZE) throw unreadableWorkbook();
    let dataEnd: number;
    if (!(flags & HAS_DESCRIPTOR) || compressedSize > 0) {
      dataEnd = dataStart + compressedSize;
      at = dataEnd;
    } else {
      dataEnd = buffer.indexOf(DESCRIPTOR, dataStart);
      if (dataEnd < 0) throw unreadableWorkbook();
      at = dataEnd + 16;
    }
    if (dataEnd > buffer.length) throw unreadableWorkbook();
    if (++entries > limits.maxEntries) throw new TabularLimitError(`Le classeur contient plus de ${limits.maxEntries} parties : ce n’est pas un classeur ordinaire.`);
    const room = Math.min(limits.maxEntryBytes, limits.maxInflatedBytes - total);
    const size = method === 0 ? dataEnd - dataStart : method === 8 ? await inflatedSize(buffer.subarray(dataStart, dataEnd), room) : null;
    if (size === null) throw unreadableWorkbook();
    if (size > limits.maxEntryBytes) throw tooLarge(`une partie du classeur dépasse ${megabytes(limits.maxEntryBytes)}`);
    total += size;
    if (total > limits.maxInflatedBytes) throw tooLarge(`le classeur dépasse ${megabytes(limits.maxInflatedBytes)}`);
  }
}

const tooLarge = (what: string) => new TabularLimitError(`Une fois décompressé, ${what} : enregistrez moins de lignes par fichier.`);

/** The inflated size of a deflated slice, or a size just over `cap` as soon as it is reached. */
function inflatedSize(data: Buffer, cap: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let size = 0;
    let stopped = false;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap && !stopped) {
        stopped = true;
        inflater.destroy();
        resolve(size);
      }
    });
    inflater.on('end', () => resolve(size));
    inflater.on('error', () => {
      if (!stopped) reject(unreadableWorkbook());
    });
    inflater.end(data);
  });
}
