/**
 * The one error type of dataset parsing and loading. `file` names the file (or the dataset spec, or the
 * option) concerned; the message starts with it and says what was expected, e.g.
 * `train-images-idx3-ubyte: truncated: header declares 60000×28×28 bytes but the file holds 1234`.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /** The file, spec or option the problem is about. */
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}
