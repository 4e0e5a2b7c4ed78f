// Totals in the report skip values that are not finite: one NaN count must not blank a whole row or card.

/** The sum of the finite values; the others count as nothing. */
export function sumFinite(values: readonly number[]): number {
  return values.reduce((sum, v) => (Number.isFinite(v) ? sum + v : sum), 0);
}
