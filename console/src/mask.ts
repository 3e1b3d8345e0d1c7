/**
 * A person's number or account id as the console shows it before a reveal: the first two and the last
 * two characters, the rest as dots (`91••••••••21`), so an operator can tell people apart without reading
 * their number.
 */
export function masked(id: string): string {
  if (id.length <= 4) return '•'.repeat(id.length);
  return `${id.slice(0, 2)}${'•'.repeat(id.length - 4)}${id.slice(-2)}`;
}
