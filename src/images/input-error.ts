/**
 * An expected, per-source failure of the images stage (a truncated file, a text file named
 * .jpg, a decompression bomb): its message reads "expected … but …" and becomes a
 * diagnostic of each article that uses the source. Its own module so that the stage can
 * recognise it without loading sharp (encode.ts is imported only when there is work).
 */
export class ImageInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImageInputError';
  }
}
