// Worker-thread entry point for piscina: one feed document serialized, returned as UTF-8
// bytes so that the main thread only writes them (see feed-pool.ts).
import { SERIALIZERS, type SerializeJob } from '../feeds/serialize.js';

const utf8 = new TextEncoder();

export default function serialize({ format, document }: SerializeJob): Uint8Array {
  return utf8.encode(SERIALIZERS[format](document));
}
