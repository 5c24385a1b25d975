// Worker-thread entry point for piscina: one feed document serialized, returned as UTF-8
// bytes so that the main thread only writes them (see feed-pool.ts). The bytes are moved to
// the main thread, not copied: a cold build's feeds are about 90 MB.
import { move } from 'piscina';
import { SERIALIZERS, type SerializeJob } from '../feeds/serialize.js';

const utf8 = new TextEncoder();

export default function serialize({ format, document }: SerializeJob): Uint8Array {
  // `move` wraps the bytes only to mark them for transfer; piscina hands the caller the bytes themselves.
  return move(utf8.encode(SERIALIZERS[format](document))) as Uint8Array;
}
