/** A file a user uploaded cannot be read as a table; the message is shown to them as is. */
export class TabularError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabularError';
  }
}

/** The file passes one of the caps of a table (ReadLimits): its size, not its content, is at fault. */
export class TabularLimitError extends TabularError {
  constructor(message: string) {
    super(message);
    this.name = 'TabularLimitError';
  }
}
