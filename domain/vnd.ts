// Amounts in đồng as Vietnamese write them: thousands grouped with dots (1.500.000).
// A loop, not a lookahead regex: the usual /\B(?=(\d{3})+(?!\d))/ is quadratic in the digit count.

export function groupThousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
