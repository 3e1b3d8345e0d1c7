/**
 * A real, playable Ogg Opus file (what WhatsApp voice notes are), made here so tests need no encoder:
 * the OpusHead and OpusTags headers, then `seconds` of 20 ms CELT silence frames, on Ogg pages with their
 * CRCs (RFC 7845 for the mapping, RFC 3533 for the pages).
 */
const SAMPLES_PER_FRAME = 960; // 20 ms at 48 kHz
/** A CELT-only, full-band, 20 ms frame of silence (TOC 0xF8 and its payload). */
const SILENT_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let crc = index << 24;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});

function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] ?? 0)) >>> 0;
  return crc;
}

function page(packets: Buffer[], flags: number, granule: bigint, sequence: number): Buffer {
  const lacing = packets.flatMap((packet) => {
    const values = Array<number>(Math.floor(packet.length / 255)).fill(255);
    return [...values, packet.length % 255];
  });
  if (lacing.length > 255) throw new RangeError('too many segments for one Ogg page');
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header.writeUInt8(0, 4);
  header.writeUInt8(flags, 5);
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(0x5eed, 14);
  header.writeUInt32LE(sequence, 18);
  header.writeUInt8(lacing.length, 26);
  const whole = Buffer.concat([header, Buffer.from(lacing), ...packets]);
  whole.writeUInt32LE(oggCrc(whole), 22);
  return whole;
}

export function oggOpusSilence(seconds = 1): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8); // version
  head.writeUInt8(1, 9); // mono
  head.writeUInt16LE(0, 10); // pre-skip
  head.writeUInt32LE(48_000, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18); // mapping family 0
  const vendor = Buffer.from('bf-community-channels tests');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);
  const frames = Math.round((seconds * 1000) / 20);
  const audio = Array.from({ length: frames }, () => SILENT_FRAME);
  return Buffer.concat([
    page([head], 0x02, 0n, 0),
    page([tags], 0x00, 0n, 1),
    page(audio, 0x04, BigInt(frames * SAMPLES_PER_FRAME), 2),
  ]);
}
