/** The admin API sends timestamps as epoch seconds in a JSON number (spec §1.1); the SDK parses them so. */
export function toEpochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function optionalEpochSeconds(date: Date | null | undefined): number | undefined {
  return date ? toEpochSeconds(date) : undefined;
}
