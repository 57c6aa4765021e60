/** AWS's collection shape: wire key `item`; `position` only when another page exists. */
export interface Page<T> {
  item: T[];
  position?: string;
}

/** Every admin error's body (its type is in the `x-amzn-ErrorType` header). */
export interface AdminErrorBody {
  message: string;
}
