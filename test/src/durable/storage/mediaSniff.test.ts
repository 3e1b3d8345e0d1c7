/** The media sniffer: magic numbers of what WhatsApp and Messenger send, and mismatches refused. */
import assert from 'node:assert/strict';
import { mediaTypeMismatch, sniffMediaType } from '../../../../src/durable/storage/mediaSniff';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const SAMPLES = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'),
  png: bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]),
  gif: bytes('GIF89a', [1, 0]),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
  ogg: bytes('OggS', [0, 2], 'OpusHead'),
  mp4: bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0]),
  threegp: bytes([0, 0, 0, 0x14], 'ftyp3gp4'),
  mp3: bytes('ID3', [4, 0, 0]),
  mp3frame: bytes([0xff, 0xfb, 0x90, 0x64]),
  aac: bytes([0xff, 0xf1, 0x50, 0x80]),
  amr: bytes('#!AMR\n', [0x3c]),
  pdf: bytes('%PDF-1.7\n'),
  html: Buffer.from('\uFEFF  \n<!DOCTYPE html><html><head><title>Login</title>', 'utf8'),
};

describe('media sniffing', () => {
  it('recognises each format by its first bytes', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(SAMPLES).map(([name, data]) => [name, sniffMediaType(data)])),
      {
        jpeg: 'image/jpeg',
        png: 'image/png',
        gif: 'image/gif',
        webp: 'image/webp',
        ogg: 'audio/ogg',
        mp4: 'video/mp4',
        threegp: 'video/mp4',
        mp3: 'audio/mpeg',
        mp3frame: 'audio/mpeg',
        aac: 'audio/aac',
        amr: 'audio/amr',
        pdf: 'application/pdf',
        html: 'text/html',
      },
    );
    assert.equal(sniffMediaType(bytes('PK\x03\x04')), undefined, 'a zip (docx) is not one of them');
    assert.equal(sniffMediaType(Buffer.alloc(0)), undefined);
  });

  const fits: [string, Buffer][] = [
    ['image/jpeg', SAMPLES.jpeg],
    ['audio/ogg; codecs=opus', SAMPLES.ogg],
    ['video/mp4', SAMPLES.mp4],
    ['video/3gpp', SAMPLES.threegp],
    ['audio/mp4', SAMPLES.mp4],
    ['audio/mpeg', SAMPLES.mp3],
    ['audio/aac', SAMPLES.aac],
    ['audio/amr', SAMPLES.amr],
    ['image/webp', SAMPLES.webp],
    ['application/pdf', SAMPLES.pdf],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes('PK\x03\x04')],
    ['text/plain', bytes('a plain note')],
    ['application/octet-stream', SAMPLES.png],
  ];
  for (const [declared, data] of fits)
    it(`accepts ${declared} with matching bytes`, () => {
      assert.equal(mediaTypeMismatch(declared, data), undefined);
    });

  const mismatches: [string, Buffer, string][] = [
    ['image/jpeg', SAMPLES.html, 'text/html'],
    ['application/octet-stream', SAMPLES.html, 'text/html'],
    ['application/msword', SAMPLES.html, 'text/html'],
    ['image/jpeg', SAMPLES.png, 'image/png'],
    ['audio/ogg', SAMPLES.mp4, 'video/mp4'],
    ['image/jpeg', bytes('not an image at all'), 'unrecognised'],
    ['application/pdf', bytes('plain text'), 'unrecognised'],
    ['text/plain', SAMPLES.jpeg, 'image/jpeg'],
  ];
  for (const [declared, data, found] of mismatches)
    it(`refuses ${declared} whose bytes are ${found}`, () => {
      assert.equal(mediaTypeMismatch(declared, data), found);
    });
});
