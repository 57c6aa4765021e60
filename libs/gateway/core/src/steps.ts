/**
 * A step of a method's plan: it continues (`undefined`) or answers (a value the protocol binding renders, such as a
 * refusal to turn into a gateway response, or the integration's outcome). Expected outcomes are values, `throw` is
 * for bugs (STYLE.md §5). A step answers synchronously when it can decide at once and returns a promise only when
 * it must wait, so that a plan of synchronous guards costs no promise.
 */
export type Step<X, A> = (exchange: X) => A | undefined | Promise<A | undefined>;

/**
 * Runs `steps` in order until one answers. Synchronous until the first step that returns a promise; the last
 * step's promise (the integration, usually) is handed back as it is, without another promise around it.
 */
export function runSteps<X, A>(steps: readonly Step<X, A>[], exchange: X, from = 0): A | undefined | Promise<A | undefined> {
  const last = steps.length - 1;
  for (let i = from; i <= last; i++) {
    const verdict = steps[i](exchange);
    if (verdict instanceof Promise) {
      if (i === last) return verdict;
      const next = i + 1;
      return verdict.then((settled) => (settled === undefined ? runSteps(steps, exchange, next) : settled));
    }
    if (verdict !== undefined) return verdict;
  }
  return undefined;
}
