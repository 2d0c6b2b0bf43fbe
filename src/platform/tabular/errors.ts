/** A file a user uploaded cannot be read as a table; the message is shown to them as is. */
export class TabularError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabularError';
  }
}
